package io.ollamalan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client in another language: Node.js with {@code @grpc/grpc-js} and {@code @grpc/proto-loader}
 * from npm streams a chat through the gateway, from the proto files alone. Skips (fails on {@code
 * CI=true}) when Node.js or the npm packages are missing.
 */
class NodeClientIT {
  static final Path CLIENT_DIR = Path.of("src/test/node");

  @Test
  void aNodeJsClientStreamsAChatThroughTheGateway() throws Exception {
    String node = requireNode();
    try (TestGateway gw = TestGateway.start()) {
      Process p =
          new ProcessBuilder(
                  node,
                  CLIENT_DIR.resolve("chat.js").toString(),
                  "127.0.0.1:" + gw.gateway.port(),
                  TestGateway.CHAT_MODEL,
                  "Why is the sky blue?",
                  "--json")
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      boolean exited = p.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(exited).as("node finished within 60 s: %s", output).isTrue();
      assertThat(p.exitValue()).as("node's exit code; output: %s", output).isZero();

      List<String> lines = output.strip().lines().toList();
      JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
      assertThat(summary.get("done").asBoolean()).isTrue();
      assertThat(summary.get("chunks").asInt()).isGreaterThan(2);
      assertThat(summary.get("evalCount").asInt()).isPositive();
      assertThat(summary.get("text").asText()).isNotBlank();
      assertThat(summary.get("node").asText()).isEqualTo(gw.node().baseUrl().replaceAll("/$", ""));
    }
  }

  private static String requireNode() throws IOException {
    String node = null;
    for (String dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, "node"))) {
        node = Path.of(dir, "node").toString();
        break;
      }
    }
    if (node == null) {
      unavailable("Node.js is not installed: apt-get install -y nodejs npm");
    }
    if (!Files.isDirectory(CLIENT_DIR.resolve("node_modules/@grpc/grpc-js"))
        || !Files.isDirectory(CLIENT_DIR.resolve("node_modules/@grpc/proto-loader"))) {
      unavailable(
          "The Node.js client's packages are missing: run `npm ci` in gateway/src/test/node");
    }
    return node;
  }

  private static void unavailable(String message) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message + " (CI=true: a missing prerequisite is a failure)");
    }
    assumeTrue(false, message);
  }
}
