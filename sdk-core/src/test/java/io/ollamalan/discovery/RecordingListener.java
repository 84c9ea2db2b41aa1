package io.ollamalan.discovery;

import io.ollamalan.Node;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** Keeps what a source reported. */
final class RecordingListener implements NodeSource.Listener {
  final List<Set<Node>> reports = new CopyOnWriteArrayList<>();
  final List<String> errors = new CopyOnWriteArrayList<>();

  @Override
  public void nodesChanged(NodeSource source, Set<Node> nodes) {
    reports.add(Set.copyOf(nodes));
  }

  @Override
  public void sourceError(NodeSource source, String message, Throwable cause) {
    errors.add(message);
  }

  /** {@code source} as it is, with everything it reports also recorded in {@code recorder}. */
  static NodeSource tee(NodeSource source, RecordingListener recorder) {
    return new NodeSource() {
      @Override
      public String name() {
        return source.name();
      }

      @Override
      public void start(Listener listener) {
        source.start(
            new Listener() {
              @Override
              public void nodesChanged(NodeSource s, Set<Node> nodes) {
                recorder.nodesChanged(s, nodes);
                listener.nodesChanged(s, nodes);
              }

              @Override
              public void sourceError(NodeSource s, String message, Throwable cause) {
                recorder.sourceError(s, message, cause);
                listener.sourceError(s, message, cause);
              }
            });
      }

      @Override
      public void close() {
        source.close();
      }
    };
  }

  Set<Node> latest() {
    return reports.isEmpty() ? null : reports.get(reports.size() - 1);
  }

  Set<String> latestIds() {
    Set<Node> l = latest();
    return l == null ? Set.of() : l.stream().map(Node::id).collect(Collectors.toSet());
  }
}
