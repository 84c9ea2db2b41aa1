package io.ollamalan.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FakeFleetTest {

  @Test
  void nodesListenOnConsecutiveLoopbackAddresses() {
    try (FakeFleet fleet =
        FakeFleet.startIndexed(3, 0, (i, b) -> b.model(FakeModel.chat("m" + i)))) {
      assertThat(fleet.size()).isEqualTo(3);
      for (int i = 0; i < 3; i++) {
        FakeOllamaNode n = fleet.node(i);
        assertThat(n.address().getHostAddress()).isEqualTo("127.0.0." + (11 + i));
        assertThat(RawHttp.exchange(n, "GET", "/api/tags", null).body)
            .contains("m" + i + ":latest");
      }
      assertThat(fleet.baseUrls()).allMatch(u -> u.startsWith("http://127.0.0.1"));
    }
  }

  @Test
  void sharesOnePortOrFallsBackToEphemeralPorts() throws IOException {
    try (ServerSocket blocker = new ServerSocket()) {
      blocker.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.12"), 0));
      int port = blocker.getLocalPort();
      try (FakeFleet fleet = FakeFleet.startIndexed(3, port, (i, b) -> {})) {
        assertThat(fleet.nodes()).extracting(FakeOllamaNode::port).doesNotContain(port);
        assertThat(RawHttp.exchange(fleet.node(1), "GET", "/", null).status).isEqualTo(200);
      }
    }
    try (FakeFleet fleet = FakeFleet.start(2)) {
      int common = fleet.node(0).port();
      if (common == FakeFleet.DEFAULT_PORT) {
        assertThat(fleet.node(1).port()).isEqualTo(FakeFleet.DEFAULT_PORT);
      }
      assertThat(RawHttp.exchange(fleet.node(1), "GET", "/", null).status).isEqualTo(200);
    }
  }
}
