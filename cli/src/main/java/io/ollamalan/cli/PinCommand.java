package io.ollamalan.cli;

import io.ollamalan.tls.Pins;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "pin",
    mixinStandardHelpOptions = true,
    usageHelpAutoWidth = true,
    description = {
      "Print a host's SPKI pins for TlsConfig.",
      "Connects with TLS and prints the pin (sha256/BASE64=) of each certificate the host"
          + " presents, leaf first, for TlsConfig.builder().pin(...) or --pin. The chain is NOT"
          + " verified: confirm the pin out of band, e.g. with --pem on the server's own"
          + " certificate file."
    },
    footer = ExitCodes.FOOTER)
final class PinCommand extends FleetCommand {

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "HOST[:PORT]",
      description = "The host to connect to (port 443 unless given).")
  String target;

  @Option(names = "--pem", paramLabel = "FILE", description = "Pins of a PEM file's certificates.")
  Path pem;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = Durations.class,
      description = "Connect and handshake timeout (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  int run() throws IOException {
    if (fleet.demo()) {
      try (DemoTlsServer server = DemoTlsServer.start()) {
        if (!fleet.json) {
          out().println("Demo: a TLS 1.3 listener with a fresh self-signed certificate.");
        }
        return print(server.host(), server.port(), fetch(server.host(), server.port()));
      }
    }
    if (pem != null) {
      return print(pem.toString(), 0, Pins.pinsOfPemFile(pem));
    }
    if (target == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "give HOST[:PORT], --pem FILE or --demo");
    }
    String host = target;
    int port = 443;
    int colon = target.lastIndexOf(':');
    if (colon > 0 && !target.endsWith("]") && target.indexOf(':') == colon) {
      host = target.substring(0, colon);
      try {
        port = Integer.parseInt(target.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "'" + target + "': the port must be a number");
      }
    }
    host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      return print(host, port, fetch(host, port));
    } catch (IOException e) {
      err()
          .println("error: cannot get " + host + ":" + port + "'s certificates: " + e.getMessage());
      return ExitCodes.UNREACHABLE;
    }
  }

  private List<String> fetch(String host, int port) throws IOException {
    return Pins.pinsOfHost(host, port, timeout);
  }

  private int print(String source, int port, List<String> pins) {
    String where = port == 0 ? source : source + ":" + port;
    if (fleet.json) {
      List<Object> certs = new ArrayList<>();
      for (int i = 0; i < pins.size(); i++) {
        certs.add(Json.object("index", i, "pin", pins.get(i)));
      }
      Json.print(out(), Json.object("source", where, "pins", certs));
      return ExitCodes.OK;
    }
    out().println("SPKI pins of " + where + ", leaf first:");
    for (int i = 0; i < pins.size(); i++) {
      out().println("  " + i + (i == 0 ? " (leaf)  " : "         ") + pins.get(i));
    }
    if (!pins.isEmpty()) {
      String hostPattern = port == 0 ? "your.host" : source;
      out().println();
      out().println("Use it (add a backup pin of your next key too):");
      out()
          .println(
              "  TlsConfig.builder().pin(\""
                  + hostPattern
                  + "\", \""
                  + pins.get(0)
                  + "\").build()");
      out().println("  ollama-lan status --pin '" + hostPattern + "=" + pins.get(0) + "' ...");
    }
    out().flush();
    return ExitCodes.OK;
  }
}
