package io.ollamalan.observability;

import io.ollamalan.OllamaClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Loaded by {@link OptionalDependenciesTest} in a class loader without Micrometer and
 * OpenTelemetry: a client with an audit log makes a call to a fake node.
 */
public final class WithoutOptionalDependencies {
  private WithoutOptionalDependencies() {}

  /** The audited outcome of one chat call. */
  public static String run() {
    List<AuditEvent> events = new ArrayList<>();
    try (var node = Fixtures.node();
        OllamaClient client =
            OllamaClient.builder()
                .nodes(node.baseUrl())
                .listener(OllamaAuditLog.builder().sink(events::add).build())
                .build()) {
      client.chat(Fixtures.chat("hi"));
    }
    return events.get(0).outcome();
  }
}
