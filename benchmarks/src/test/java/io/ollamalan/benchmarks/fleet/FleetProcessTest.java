package io.ollamalan.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A JMH run attaches to the fleet its script started, and leaves it running. */
class FleetProcessTest {

  @AfterEach
  void clear() {
    System.clearProperty(FleetProcess.SHARED_FLEET);
  }

  @Test
  void attachesToTheFleetNamedByTheProperty() {
    System.setProperty(
        FleetProcess.SHARED_FLEET,
        "http://127.0.0.11:1001,http://127.0.0.12:1002,http://127.0.0.13:1003");
    try (FleetProcess fleet = FleetProcess.startOrAttach(3, 16)) {
      assertThat(fleet.urls())
          .isEqualTo(
              List.of(
                  "http://127.0.0.11:1001", "http://127.0.0.12:1002", "http://127.0.0.13:1003"));
      assertThat(fleet.toString()).contains("attached");
    }
  }

  @Test
  void aSharedFleetWithTooFewNodesIsRefusedByName() {
    System.setProperty(FleetProcess.SHARED_FLEET, "http://127.0.0.11:1001");
    assertThatThrownBy(() -> FleetProcess.startOrAttach(3, 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(FleetProcess.SHARED_FLEET)
        .hasMessageContaining("1 nodes");
  }
}
