package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormatTest {

  @Test
  void jsonModeHasNoSchema() {
    assertThat(Format.json().isJson()).isTrue();
    assertThat(Format.json().schemaOrNull()).isNull();
  }

  @Test
  void schemaIsDeepCopiedAndImmutable() {
    List<Object> required = new ArrayList<>(List.of("age"));
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("required", required);
    Format f = Format.schema(schema);
    required.add("name");
    schema.put("extra", 1);
    assertThat(f.schemaOrNull())
        .containsExactly(Map.entry("type", "object"), Map.entry("required", List.of("age")));
    assertThatThrownBy(() -> f.schemaOrNull().put("x", 1))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(f).isEqualTo(Format.schema(Map.of("type", "object", "required", List.of("age"))));
  }

  @Test
  void schemaRejectsNonJsonValues() {
    assertThatThrownBy(() -> Format.schema(Map.of("when", new Object())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jsonSchema.when");
  }
}
