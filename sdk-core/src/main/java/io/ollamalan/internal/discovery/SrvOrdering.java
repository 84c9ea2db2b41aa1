package io.ollamalan.internal.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleSupplier;

/** RFC 2782 ordering of SRV targets: by priority, then weighted random within a priority. */
public final class SrvOrdering {
  private SrvOrdering() {}

  /**
   * One SRV record.
   *
   * @param priority lower is preferred
   * @param weight relative share within the same priority; 0 means almost never when others have
   *     weight
   */
  public record Srv(int priority, int weight, int port, String target) {}

  /**
   * Orders {@code records} as a client should try them: ascending priority; within one priority,
   * repeatedly picks a record with probability proportional to its weight, with weight-0 records
   * placed first in the running sum so that they are picked only when they are the only ones left
   * or the draw is 0 (RFC 2782, "Usage rules").
   */
  public static List<Srv> order(List<Srv> records, DoubleSupplier random) {
    List<Srv> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparingInt(Srv::priority));
    List<Srv> out = new ArrayList<>(sorted.size());
    int i = 0;
    while (i < sorted.size()) {
      int p = sorted.get(i).priority();
      List<Srv> group = new ArrayList<>();
      while (i < sorted.size() && sorted.get(i).priority() == p) {
        group.add(sorted.get(i++));
      }
      group.sort(Comparator.comparingInt(s -> s.weight() == 0 ? 0 : 1));
      while (!group.isEmpty()) {
        long total = 0;
        for (Srv s : group) {
          total += s.weight();
        }
        long draw = (long) Math.floor(random.getAsDouble() * (total + 1));
        long running = 0;
        int pick = group.size() - 1;
        for (int k = 0; k < group.size(); k++) {
          running += group.get(k).weight();
          if (running >= draw) {
            pick = k;
            break;
          }
        }
        out.add(group.remove(pick));
      }
    }
    return out;
  }
}
