package io.ollamalan.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md says what the builders' Javadoc and DEFAULT_* constants say. */
class ConfigurationReferenceTest {

  static Path repository() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("sdk-core/src/main/java"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("run from inside the repository");
    }
    return dir;
  }

  @Test
  void configurationPageMatchesTheCode() throws Exception {
    Path page = repository().resolve("docs/configuration.md");
    String generated = ConfigurationReference.generate(repository());
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(page, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(page)).as(page + " is missing: run with -Ddocs.update=true").isTrue();
    assertThat(Files.readString(page, StandardCharsets.UTF_8))
        .as(
            "docs/configuration.md is out of date: run ./mvnw -q -B -pl examples -am"
                + " -Dtest=ConfigurationReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                + " -Ddocs.update=true test")
        .isEqualTo(generated);
  }

  @Test
  void everyDocumentedDefaultIsTheConstantsValue() throws Exception {
    String generated = ConfigurationReference.generate(repository());

    assertThat(generated)
        .contains("| `connectTimeout(Duration)` | 5 s |")
        .contains("| `firstByteTimeout(Duration)` | 10 min |")
        .contains("| `maxAttempts(int)` | 3 |")
        .contains("| `breakerOpenDuration(Duration)` | 15 s |")
        .contains("| `parallelism(int)` | 8 |");
    for (String title : ConfigurationReference.sectionsByClass().values()) {
      assertThat(generated).contains("## " + title);
    }
  }
}
