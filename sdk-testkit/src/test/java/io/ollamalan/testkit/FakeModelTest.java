package io.ollamalan.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FakeModelTest {

  @Test
  void normalizesNamesAndKeepsTemplatesImmutable() {
    FakeModel base = FakeModel.chat("llama3.2");
    FakeModel thinking = base.thinking(true).reply("hi");
    assertThat(base.name()).isEqualTo("llama3.2:latest");
    assertThat(base.capabilities()).containsExactly(Capability.COMPLETION, Capability.TOOLS);
    assertThat(base.reply()).isNull();
    assertThat(thinking.has(Capability.THINKING)).isTrue();
    assertThat(thinking.reply()).isEqualTo("hi");
    assertThat(base.digest()).matches("[0-9a-f]{64}").isNotEqualTo(base.named("other").digest());
    assertThat(FakeModel.embedding("all-minilm").capabilities())
        .containsExactly(Capability.EMBEDDING);
  }

  @Test
  void rejectsInvalidSettings() {
    assertThatThrownBy(() -> FakeModel.chat("bad name"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad name");
    assertThatThrownBy(() -> FakeModel.chat("m").sizeBytes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeModel.chat("m").digest("xyz"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SchedulerConfig.builder().timeScale(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SchedulerConfig.builder().numParallel(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.latency(java.time.Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Fault.busy().onPath("api"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void schedulerDefaultsSuitBenchmarksAndOllamaDefaultsMirrorAStockServer() {
    SchedulerConfig d = SchedulerConfig.defaults();
    assertThat(d.numParallel()).isEqualTo(1024);
    assertThat(d.maxLoadedModels()).isEqualTo(3);
    assertThat(d.maxQueue()).isEqualTo(512);
    assertThat(d.keepAlive()).hasMinutes(5);
    assertThat(d.timeScale()).isEqualTo(1.0);
    assertThat(SchedulerConfig.ollamaDefaults().numParallel()).isEqualTo(1);
  }
}
