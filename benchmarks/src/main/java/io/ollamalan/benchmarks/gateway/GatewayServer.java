package io.ollamalan.benchmarks.gateway;

import io.ollamalan.gateway.Gateway;
import io.ollamalan.gateway.GatewayConfig;
import java.io.InputStream;
import java.util.List;

/**
 * Runs the gateway with its defaults in a JVM of its own until its standard input closes, in front
 * of the nodes given as arguments ({@code http://127.0.0.1:port,...}), on a free loopback port.
 * Prints {@code READY port} once it listens.
 */
public final class GatewayServer {

  private GatewayServer() {}

  public static void main(String[] args) throws Exception {
    GatewayConfig config =
        GatewayConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .metricsEnabled(false)
            .nodes(List.of(args[0].split(",")))
            .build();
    try (Gateway gateway = Gateway.builder().config(config).start()) {
      System.out.println("READY " + gateway.port());
      System.out.flush();
      InputStream in = System.in;
      byte[] sink = new byte[256];
      while (in.read(sink) >= 0) {
        // Only the end of input matters: the parent closed it or died.
      }
    }
  }
}
