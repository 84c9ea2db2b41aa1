package io.ollamalan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Drives the real command line in-process and reads its --json output. */
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
      }
    }
  }

  static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(n -> values.add(n.get(field).asText()));
    return values;
  }

  @Test
  void statusReportsEveryNodeWithItsLoadedModelsBreakerAndLimit() {
    Run r = run("status", "--demo", "--json");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonNode nodes = r.json().get("nodes");
    assertThat(nodes).hasSize(3);
    assertThat(texts(nodes, "state")).containsOnly("UP");
    assertThat(texts(nodes, "id")).allMatch(id -> id.matches("http://127\\.0\\.0\\.1[123]:\\d+"));
    assertThat(nodes.get(0).get("loadedModels").get(0).get("name").asText())
        .isEqualTo(DemoFleet.CHAT_MODEL);
    assertThat(nodes.get(0).get("loadedModels").get(0).get("vramBytes").asLong()).isPositive();
    assertThat(nodes.get(2).get("loadedModels")).isEmpty();
    assertThat(nodes.get(0).get("breaker").asText()).isEqualTo("CLOSED");
    assertThat(nodes.get(0).get("concurrencyLimit").asInt()).isPositive();
  }

  @Test
  void statusOfAFleetThatDoesNotAnswerExitsUnreachable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Run r = run("status", "--node", "127.0.0.1:" + port, "--json", "--wait", "10s");

    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.json().get("nodes").get(0).get("state").asText()).isEqualTo("DOWN");
  }

  @Test
  void routeExplainsTheDecisionOfARealRequest() {
    Run r = run("route", "--demo", "--json");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonNode doc = r.json();
    assertThat(doc.get("sent").asBoolean()).isTrue();
    JsonNode d = doc.get("decisions").get(0);
    assertThat(d.get("balancer").asText()).isEqualTo("llm-aware");
    assertThat(d.get("reason").asText()).isNotBlank();
    // The two nodes holding the model warm; the third would need a cold load and is not ranked.
    assertThat(texts(d.get("candidates"), "node")).hasSize(2).contains(d.get("chosen").asText());
    assertThat(texts(d.get("candidates"), "note")).allMatch(n -> n.startsWith("warm"));
    assertThat(doc.get("node").asText()).isEqualTo(d.get("chosen").asText());
  }

  @Test
  void chatAnswersOneQuestion() {
    Run r = run("chat", "--demo", "--json", "--prompt", "Hello");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.json().get("content").asText()).isNotBlank();
    assertThat(r.json().get("node").asText()).startsWith("http://127.0.0.1");
    assertThat(r.json().get("completionTokens").asInt()).isPositive();
  }

  @Test
  void chatRefusesJsonWithoutAPrompt() {
    Run r = run("chat", "--demo", "--json");

    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--json needs --prompt");
  }

  @Test
  void pullReachesEveryNodeAndReportsFailuresPerNode() {
    Run ok = run("pull", "--demo", "--json", DemoFleet.PULLABLE_MODEL);
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.json().get("succeeded").asInt()).isEqualTo(3);
    assertThat(texts(ok.json().get("nodes"), "status")).containsOnly("success");

    Run missing = run("pull", "--demo", "--json", "no-such-model:1b");
    assertThat(missing.exit()).isEqualTo(ExitCodes.FAILED);
    assertThat(missing.json().get("failed").asInt()).isEqualTo(3);
    assertThat(texts(missing.json().get("nodes"), "detail"))
        .allMatch(d -> d.contains("file does not exist"));
  }

  @Test
  void pullOntoTheNodesWithMostFreeVramOnlyPullsThere() {
    Run r = run("pull", "--demo", "--json", "--most-free-vram", "1", DemoFleet.PULLABLE_MODEL);

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.json().get("succeeded").asInt()).isEqualTo(1);
    assertThat(r.json().get("skipped").asInt()).isEqualTo(2);
    // Without vram labels, the node with the least VRAM in use wins: the one with nothing loaded.
    assertThat(texts(r.json().get("nodes"), "outcome"))
        .containsExactly("SKIPPED", "SKIPPED", "SUCCEEDED");
  }

  @Test
  void pinPrintsTheSpkiPinOfTheCertificateAHostPresents() throws Exception {
    try (DemoTlsServer server = DemoTlsServer.start()) {
      String expected =
          "sha256/"
              + Base64.getEncoder()
                  .encodeToString(
                      MessageDigest.getInstance("SHA-256")
                          .digest(server.certificate().getPublicKey().getEncoded()));

      Run r = run("pin", server.host() + ":" + server.port(), "--json");

      assertThat(r.exit()).as(r.out() + r.err()).isZero();
      assertThat(r.json().get("pins").get(0).get("pin").asText()).isEqualTo(expected);
      assertThat(r.json().get("source").asText()).isEqualTo("127.0.0.11:" + server.port());

      Run text = run("pin", server.host() + ":" + server.port());
      assertThat(text.out()).contains(expected).contains("TlsConfig.builder().pin(");
    }
  }

  @Test
  void pinOfAHostThatDoesNotAnswerExitsUnreachable() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Run r = run("pin", "127.0.0.1:" + port, "--timeout", "2s");

    assertThat(r.exit()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(r.err()).contains("cannot get 127.0.0.1:" + port);
  }

  @Test
  void pinDemoPinsItsOwnListener() {
    Run r = run("pin", "--demo", "--json");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.json().get("pins").get(0).get("pin").asText())
        .matches("sha256/[A-Za-z0-9+/]{43}=");
  }

  @Test
  void benchMakesExactlyTheRequestedCallsAndSplitsThemByNode() {
    Run r = run("bench", "--demo", "--json", "--requests", "40", "--concurrency", "4");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonNode doc = r.json();
    assertThat(doc.get("completed").asInt()).isEqualTo(40);
    assertThat(doc.get("succeeded").asInt()).isEqualTo(40);
    assertThat(doc.get("p50Millis").asLong())
        .isPositive()
        .isLessThanOrEqualTo(doc.get("p99Millis").asLong());
    int calls = 0;
    double share = 0;
    for (JsonNode n : doc.get("nodes")) {
      calls += n.get("calls").asInt();
      share += n.get("share").asDouble();
    }
    assertThat(calls).isEqualTo(40);
    assertThat(share).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(doc.get("stoppedAtMaxTime").asBoolean()).isFalse();
    assertThat(r.err()).contains("40/40 calls");
  }

  @Test
  void benchStopsAtItsTimeLimit() {
    Run r =
        run("bench", "--demo", "--requests", "100000", "--concurrency", "2", "--max-time", "2s");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("stopped at --max-time 2000 ms before all calls ran");
    assertThat(r.out()).containsPattern("\\d+ calls in \\d+\\.\\d s: \\d+ succeeded, 0 failed");
  }

  @Test
  void discoverShowsWhatEachMethodFinds() {
    Run r = run("discover", "--demo", "--json");

    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonNode methods = r.json().get("methods");
    assertThat(texts(methods, "method")).containsExactly("static", "probe 127.0.0.8/29");
    for (JsonNode m : methods) {
      assertThat(m.get("nodes")).hasSize(3);
      for (JsonNode n : m.get("nodes")) {
        assertThat(n.get("version").asText()).isEqualTo("0.33.0");
        assertThat(n.get("models")).hasSize(2);
      }
    }
  }

  @Test
  void badCommandLinesExitWithUsage() {
    assertThat(run("status", "--no-such-option").exit()).isEqualTo(ExitCodes.USAGE);
    Run bad = run("status", "--demo", "--interval", "soon");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("'soon' is not a duration");
    assertThat(run("bench", "--demo", "--requests", "0").exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("--version").out()).startsWith("ollama-lan ");
    Run badPin = run("status", "--node", "127.0.0.1:1", "--pin", "no-equals-sign");
    assertThat(badPin.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badPin.err()).contains("must be HOSTS=PIN");
    Run badNode = run("status", "--node", "ftp://somewhere");
    assertThat(badNode.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(badNode.err()).contains("only http and https are supported");
  }
}
