package io.ollamalan.fleet;

import io.ollamalan.FleetSnapshot;
import io.ollamalan.LoadedModel;
import io.ollamalan.NodeStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which nodes a fleet operation goes to. Nodes that are down or draining are never asked; they
 * appear in the result as skipped, with their state as the reason.
 */
public final class NodeSelection {

  /**
   * The node label holding a node's total GPU memory, e.g. {@code vram=24GiB} (units B, KB, MB, GB,
   * TB, KiB, MiB, GiB, TiB; a bare number is bytes). Ollama does not report it, so {@link
   * #mostFreeVram} needs it from the operator: set it with {@link io.ollamalan.Node#withLabels}, a
   * DNS TXT record or an mDNS announcement.
   */
  public static final String VRAM_LABEL = "vram";

  private static final Pattern SIZE =
      Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*([KMGT]i?B?|B)?\\s*", Pattern.CASE_INSENSITIVE);

  private enum Kind {
    ALL,
    IDS,
    FREE_VRAM
  }

  private final Kind kind;
  private final Set<String> ids;
  private final int count;

  private NodeSelection(Kind kind, Set<String> ids, int count) {
    this.kind = kind;
    this.ids = ids;
    this.count = count;
  }

  /** Every routable node. */
  public static NodeSelection all() {
    return new NodeSelection(Kind.ALL, Set.of(), 0);
  }

  /**
   * These nodes, by {@link io.ollamalan.Node#id()} ({@code http://10.0.0.5:11434}); an id the
   * client does not know is reported as skipped.
   */
  public static NodeSelection nodes(String... nodeIds) {
    Set<String> set = new LinkedHashSet<>();
    for (String id : nodeIds) {
      set.add(Objects.requireNonNull(id, "nodeId"));
    }
    if (set.isEmpty()) {
      throw new IllegalArgumentException("nodes() needs at least one node id");
    }
    return new NodeSelection(Kind.IDS, Set.copyOf(set), 0);
  }

  /**
   * The {@code n} routable nodes with the most free GPU memory: the {@value #VRAM_LABEL} label
   * minus what {@code /api/ps} shows loaded. Nodes without the label come after those with it,
   * ranked by the least GPU memory in use; ties go by node id.
   *
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static NodeSelection mostFreeVram(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("mostFreeVram needs n >= 1, was " + n);
    }
    return new NodeSelection(Kind.FREE_VRAM, Set.of(), n);
  }

  /** What {@code snapshot} yields: the nodes to ask, and the nodes skipped with their reasons. */
  Picked pick(FleetSnapshot snapshot) {
    List<NodeStatus> chosen = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    List<NodeStatus> routable = new ArrayList<>();
    for (NodeStatus s : snapshot.nodes()) {
      boolean wanted = kind != Kind.IDS || ids.contains(s.node().id());
      if (!wanted) {
        continue;
      }
      if (s.state().isRoutable()) {
        routable.add(s);
      } else {
        skipped.put(s.node().id(), "node is " + s.state() + ": not asked");
      }
    }
    if (kind == Kind.IDS) {
      for (String id : ids) {
        if (snapshot.node(id).isEmpty()) {
          skipped.put(id, "unknown node: not in the client's fleet");
        }
      }
    }
    if (kind == Kind.FREE_VRAM) {
      routable.sort(FREE_VRAM_FIRST);
      for (int i = 0; i < routable.size(); i++) {
        if (i < count) {
          chosen.add(routable.get(i));
        } else {
          skipped.put(
              routable.get(i).node().id(), "not among the " + count + " with most free VRAM");
        }
      }
    } else {
      chosen.addAll(routable);
    }
    return new Picked(chosen, skipped);
  }

  record Picked(List<NodeStatus> chosen, Map<String, String> skipped) {}

  private static final Comparator<NodeStatus> FREE_VRAM_FIRST =
      Comparator.<NodeStatus, Boolean>comparing(s -> vramOf(s) < 0)
          .thenComparing(
              Comparator.comparingLong(
                  s -> vramOf(s) < 0 ? vramUsed(s) : -(vramOf(s) - vramUsed(s))))
          .thenComparing(s -> s.node().id());

  /** Bytes of GPU memory the node's {@code /api/ps} shows in use. */
  static long vramUsed(NodeStatus s) {
    long used = 0;
    for (LoadedModel m : s.loadedModels()) {
      used += m.sizeVram();
    }
    return used;
  }

  /** The node's total GPU memory from its label, -1 when it has none or it cannot be read. */
  static long vramOf(NodeStatus s) {
    String label = s.node().labels().get(VRAM_LABEL);
    return label == null ? -1 : parseBytes(label);
  }

  /** {@code 24GiB}, {@code 8 GB}, {@code 1024} (bytes); -1 when it is none of those. */
  static long parseBytes(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      return -1;
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    boolean binary = unit.contains("I");
    double base = binary ? 1024 : 1000;
    int power =
        switch (unit.charAt(0)) {
          case 'K' -> 1;
          case 'M' -> 2;
          case 'G' -> 3;
          case 'T' -> 4;
          default -> 0;
        };
    return (long) (value * Math.pow(base, power));
  }

  @Override
  public String toString() {
    return switch (kind) {
      case ALL -> "all nodes";
      case IDS -> "nodes " + ids;
      case FREE_VRAM -> count + " node(s) with most free VRAM";
    };
  }
}
