package io.liveguard.media.task;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides, round after round, which live rooms the capture workers watch when there are more rooms
 * than capture slots, and reports the coverage it achieves.
 *
 * <p>Each eligible room (live, in an active task) gets a target share of the slots proportional to
 * its risk weight × task priority, capped at one slot (water-filling: the capped rooms' excess is
 * shared among the rest). Rooms are then picked by stride scheduling: every round each room earns
 * its share as credit and the rooms with the most credit are watched, paying one credit. Over any
 * run of rounds each room is watched within one round of its target share, high-risk rooms more
 * often, and no eligible room is starved. Deterministic (ties broken by room id). Not thread-safe.
 */
public final class CoverageScheduler {

  /** One room watched this round, with the union of the elements its tasks ask for. */
  public record Assignment(String room, Set<MonitoringTask.Element> elements, double share) {}

  /**
   * One round's plan and the honest picture: how many rooms were live and eligible, how many are
   * watched, the expected fraction of eligible room-time covered, and per room the fraction of its
   * eligible rounds actually watched so far.
   */
  public record Plan(
      List<Assignment> watched,
      List<String> waiting,
      int eligible,
      double expectedCoverage,
      Map<String, Double> observedCoverage) {}

  private final int slots;
  private final Map<String, Double> credit = new HashMap<>();
  private final Map<String, Integer> eligibleRounds = new HashMap<>();
  private final Map<String, Integer> watchedRounds = new HashMap<>();

  /** A scheduler for {@code slots} concurrent captures. */
  public CoverageScheduler(int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("slots " + slots + " < 1");
    }
    this.slots = slots;
  }

  /** Plans the round at {@code now} with the tasks' own priorities. */
  public Plan plan(List<MonitoringTask> tasks, Map<String, RoomRisk> rooms, ZonedDateTime now) {
    return plan(tasks, rooms, RoomPriorities.NONE, now);
  }

  /**
   * Plans the round at {@code now}; a room's priority is the higher of its task's and the one
   * {@code raised} gives it (an early warning raises a room, never lowers it).
   */
  public Plan plan(
      List<MonitoringTask> tasks,
      Map<String, RoomRisk> rooms,
      RoomPriorities raised,
      ZonedDateTime now) {
    Map<String, Double> weight = new TreeMap<>();
    Map<String, Set<MonitoringTask.Element>> elements = new HashMap<>();
    for (MonitoringTask t : tasks) {
      if (!t.schedule().activeAt(now)) {
        continue;
      }
      for (String room : t.rooms()) {
        RoomRisk r = rooms.get(room);
        if (r == null || !r.live()) {
          continue;
        }
        int priority = Math.max(t.priority(), Math.min(5, raised.priorityOf(room)));
        double w = r.weight() * priority;
        weight.merge(room, w, Math::max);
        elements
            .computeIfAbsent(room, k -> EnumSet.noneOf(MonitoringTask.Element.class))
            .addAll(t.elements());
      }
    }
    Map<String, Double> share = shares(weight, slots);
    for (String room : weight.keySet()) {
      credit.merge(room, share.get(room), Double::sum);
      eligibleRounds.merge(room, 1, Integer::sum);
    }
    // rooms no longer eligible keep no credit: a room that goes offline starts afresh
    credit.keySet().retainAll(weight.keySet());
    List<String> order = new ArrayList<>(weight.keySet());
    order.sort(Comparator.comparingDouble((String r) -> -credit.get(r)).thenComparing(r -> r));
    List<Assignment> watched = new ArrayList<>();
    List<String> waiting = new ArrayList<>();
    for (String room : order) {
      if (watched.size() < slots && credit.get(room) > 0) {
        watched.add(new Assignment(room, Set.copyOf(elements.get(room)), share.get(room)));
        credit.merge(room, -1.0, Double::sum);
        watchedRounds.merge(room, 1, Integer::sum);
      } else {
        waiting.add(room);
      }
    }
    double expected = weight.isEmpty() ? 1.0 : Math.min(1.0, (double) slots / weight.size());
    Map<String, Double> observed = new LinkedHashMap<>();
    for (String room : weight.keySet()) {
      observed.put(room, watchedRounds.getOrDefault(room, 0) / (double) eligibleRounds.get(room));
    }
    return new Plan(List.copyOf(watched), List.copyOf(waiting), weight.size(), expected, observed);
  }

  /** Water-filling: shares proportional to weight, capped at 1, summing to min(slots, rooms). */
  static Map<String, Double> shares(Map<String, Double> weight, int slots) {
    Map<String, Double> share = new HashMap<>();
    Map<String, Double> open = new HashMap<>(weight);
    double capacity = Math.min(weight.size(), slots);
    while (!open.isEmpty()) {
      double total = open.values().stream().mapToDouble(Double::doubleValue).sum();
      boolean capped = false;
      for (var e : List.copyOf(open.entrySet())) {
        double s = total == 0 ? 0 : capacity * e.getValue() / total;
        if (s >= 1) {
          share.put(e.getKey(), 1.0);
          open.remove(e.getKey());
          capacity -= 1;
          capped = true;
        }
      }
      if (!capped) {
        for (var e : open.entrySet()) {
          share.put(e.getKey(), total == 0 ? 0 : capacity * e.getValue() / total);
        }
        break;
      }
    }
    return share;
  }
}
