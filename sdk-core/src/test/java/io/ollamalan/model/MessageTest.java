package io.ollamalan.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessageTest {

  @Test
  void factoriesSetRoleAndNormalizeContent() {
    assertThat(Message.system("s").role()).isEqualTo(Message.SYSTEM);
    assertThat(Message.user(null).content()).isEmpty();
    assertThat(Message.user("look", "aW1n").images()).containsExactly("aW1n");
    Message tool = Message.tool("get_weather", "sunny");
    assertThat(tool.role()).isEqualTo(Message.TOOL);
    assertThat(tool.toolName()).isEqualTo("get_weather");
    assertThat(Message.assistant("")).isSameAs(Message.assistant(null));
  }

  @Test
  void builderRequiresARole() {
    assertThatThrownBy(() -> Message.builder(" ").build()).hasMessageStartingWith("role");
    Message m = Message.builder(Message.ASSISTANT).thinking("t").toolCallId("call_1").build();
    assertThat(m.thinking()).isEqualTo("t");
    assertThat(m.toolCalls()).isEqualTo(List.of());
  }
}
