package io.ollamalan.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ollamalan.Node;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticNodeSourceTest {

  @Test
  void reportsEveryNodeOnceWithWeightZoneAndLabels() {
    StaticNodeSource s =
        StaticNodeSource.builder()
            .node("gpu-1.lan")
            .node("http://gpu-2.lan:11434", 300, "rack-2", Map.of("gpu", "a100"))
            .node("http://GPU-1.lan:11434/")
            .build();
    RecordingListener l = new RecordingListener();
    s.start(l);
    assertThat(l.latest())
        .extracting(Node::id)
        .containsExactlyInAnyOrder("http://gpu-1.lan:11434", "http://gpu-2.lan:11434");
    Node two =
        s.nodes().stream().filter(n -> n.host().equals("gpu-2.lan")).findFirst().orElseThrow();
    assertThat(two.weight()).isEqualTo(300);
    assertThat(two.zone()).isEqualTo("rack-2");
    assertThat(two.labels()).containsEntry("gpu", "a100");
    s.close();
  }

  @Test
  void malformedAddressesFailAtConfigurationNamingTheAddressWithoutSecrets() {
    assertThatThrownBy(() -> NodeSources.staticNodes("http://a:11434", "ftp://b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ftp://b")
        .hasMessageContaining("only http and https");
    assertThatThrownBy(() -> NodeSources.staticNodes("http://user:hunter2@:99999"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> NodeSources.staticNodes(" ")).hasMessageContaining("empty");
    assertThatThrownBy(() -> StaticNodeSource.builder().node("a", 0, "", Map.of()))
        .hasMessageContaining("weight must be between 1 and 10000");
  }
}
