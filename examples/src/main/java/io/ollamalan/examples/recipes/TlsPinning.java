package io.ollamalan.examples.recipes;

import io.ollamalan.Node;
import io.ollamalan.OllamaClient;
import io.ollamalan.OllamaException;
import io.ollamalan.tls.Pins;
import io.ollamalan.tls.TlsConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * TLS pinning: learn a node's SPKI pin, then require it. Runs when {@code OLLAMA_TLS_NODE} names an
 * https node (e.g. {@code https://gpu-1.lan}, Ollama behind nginx; add {@code OLLAMA_TLS_CA} with
 * its CA bundle when it is not publicly trusted); otherwise prints how.
 */
public final class TlsPinning {
  private TlsPinning() {}

  static final String HOW =
      String.join(
          "\n",
          "TLS pinning needs an https node: set OLLAMA_TLS_NODE=https://your-node (and OLLAMA_TLS_CA",
          "with its CA bundle if needed). What the recipe then does:",
          "  1. pins = Pins.pinsOfHost(host, port, timeout)   // or: ollama-lan pin host:port",
          "     (confirm out of band: Pins.pinsOfPemFile(server certificate))",
          "  2. TlsConfig.builder().requireTls(true).pin(host, pins.get(0), backupPin).build()",
          "  3. a call succeeds; with a wrong pin it fails with kind TLS before anything is sent.",
          "See docs/security.md.");

  public static void main(String[] args) throws IOException {
    run(System.getenv("OLLAMA_TLS_NODE"), System.getenv("OLLAMA_TLS_CA"), System.out);
  }

  /** Returns whether it ran against a node (false when it only printed how). */
  public static boolean run(String httpsNode, String caFile, PrintStream out) throws IOException {
    if (httpsNode == null || httpsNode.isBlank()) {
      out.println(HOW);
      return false;
    }
    Node node = Node.of(httpsNode);
    List<String> pins = Pins.pinsOfHost(node.host(), node.port(), Duration.ofSeconds(5));
    out.println(node.host() + " presents " + pins);
    TlsConfig.Builder tls = TlsConfig.builder().requireTls(true).pin(node.host(), pins.get(0));
    if (caFile != null && !caFile.isBlank()) {
      tls.trustedCaPem(java.nio.file.Path.of(caFile));
    }
    try (OllamaClient client = OllamaClient.builder().node(node).tls(tls.build()).build()) {
      out.println("pinned call: Ollama " + client.version().version());
    }
    TlsConfig wrong =
        TlsConfig.builder()
            .requireTls(true)
            .pin(node.host(), "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
            .build();
    try (OllamaClient client =
        OllamaClient.builder().node(node).tls(wrong).healthChecksEnabled(false).build()) {
      client.version();
      out.println("a wrong pin was accepted: check the TLS setup");
    } catch (OllamaException e) {
      out.println("wrong pin refused: " + e.kind() + ": " + e.getMessage());
    }
    return true;
  }
}
