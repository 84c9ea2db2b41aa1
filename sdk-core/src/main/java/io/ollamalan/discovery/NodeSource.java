package io.ollamalan.discovery;

import io.ollamalan.ExperimentalApi;
import io.ollamalan.Node;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where nodes come from: a static list, DNS, mDNS, a subnet probe, or your own registry.
 *
 * <p>A source reports the <em>whole</em> set it currently sees every time it changes; the fleet
 * merges the sets of all sources and deduplicates nodes by {@link Node#id()}. A node that no source
 * reports any more drains and is then removed.
 */
@ExperimentalApi("discovery SPI")
public interface NodeSource extends AutoCloseable {

  /**
   * A short name for logs and fleet status, e.g. {@code static} or {@code dns:_ollama._tcp.lan}.
   */
  String name();

  /**
   * Starts discovery. The source calls {@code listener} from any thread, first with its initial set
   * (possibly empty) and then on every change, until {@link #close()}.
   */
  void start(Listener listener);

  /** Stops discovery and frees its threads and sockets. Idempotent. */
  @Override
  void close();

  /** Receives what a source sees. */
  interface Listener {
    /** The complete set of nodes the source sees now. */
    void nodesChanged(NodeSource source, Set<Node> nodes);

    /**
     * A problem the source recovered from or will retry (unresolvable name, bad record). The fleet
     * logs it and keeps the last good set.
     *
     * @param message what went wrong, for the fleet's log
     * @param cause the exception behind it, or null when there is none
     */
    void sourceError(NodeSource source, String message, @Nullable Throwable cause);
  }
}
