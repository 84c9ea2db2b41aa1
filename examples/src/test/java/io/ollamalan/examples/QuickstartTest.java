package io.ollamalan.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ollamalan.testkit.FakeFleet;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickstartTest {

  @Test
  void showsRoutingAffinityAndFailsOverWhenANodeIsKilled() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Quickstart.Outcome outcome;
    try (FakeFleet fleet = FakeFleet.startIndexed(3, 0, Quickstart::fakeNode);
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      outcome = Quickstart.run(fleet.baseUrls(), fleet, out);
      assertThat(outcome.killedNode()).isIn(fleet.baseUrls());
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);

    assertThat(outcome.failed()).as(printed).isZero();
    assertThat(outcome.failedOver()).as(printed).isPositive();
    assertThat(outcome.calls()).isGreaterThanOrEqualTo(48);
    assertThat(printed)
        .contains("llm-aware balancer chose")
        .containsPattern("\\* http://127\\.0\\.0\\.1[123]:\\d+ +UP .*predicted \\d+ ms, warm")
        .contains("conversation-42 turn 3")
        .contains("killed " + outcome.killedNode());
    // The conversation's three turns went to one node.
    assertThat(
            printed
                .lines()
                .filter(l -> l.contains("conversation-42 turn"))
                .map(l -> l.replaceAll(".*-> (\\S+).*", "$1"))
                .distinct())
        .hasSize(1);
  }
}
