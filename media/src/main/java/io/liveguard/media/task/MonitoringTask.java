package io.liveguard.media.task;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A monitoring task (监测任务): which rooms to watch, which elements of them, when, and how urgently.
 *
 * @param priority 1 (routine) to 5 (special campaign); multiplies the rooms' sampling weight
 */
public record MonitoringTask(
    String id, Set<String> rooms, Set<Element> elements, Schedule schedule, int priority) {

  /** What of a room is watched. */
  public enum Element {
    SPEECH,
    SCREEN,
    LISTING
  }

  /** When a task is active: continuously, or in daily windows on some days (local time). */
  public record Schedule(boolean continuous, List<Window> windows) {
    /** Always active. */
    public static final Schedule CONTINUOUS = new Schedule(true, List.of());

    public Schedule {
      windows = List.copyOf(windows);
      if (!continuous && windows.isEmpty()) {
        throw new IllegalArgumentException("a scheduled task needs at least one window");
      }
    }

    /** Whether the task is active at {@code t}. */
    public boolean activeAt(ZonedDateTime t) {
      if (continuous) {
        return true;
      }
      for (Window w : windows) {
        if (w.contains(t)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code [from, to)} on the given days; a window past midnight ({@code to < from}) wraps. */
  public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    public Window {
      days = days.isEmpty() ? EnumSet.allOf(DayOfWeek.class) : EnumSet.copyOf(days);
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      if (from.equals(to)) {
        throw new IllegalArgumentException("empty window " + from + "–" + to);
      }
    }

    boolean contains(ZonedDateTime t) {
      LocalTime lt = t.toLocalTime();
      if (from.isBefore(to)) {
        return days.contains(t.getDayOfWeek()) && !lt.isBefore(from) && lt.isBefore(to);
      }
      // wraps past midnight: the evening part belongs to today, the early part to yesterday
      return (days.contains(t.getDayOfWeek()) && !lt.isBefore(from))
          || (days.contains(t.getDayOfWeek().minus(1)) && lt.isBefore(to));
    }
  }

  public MonitoringTask {
    Objects.requireNonNull(id, "id");
    rooms = Set.copyOf(rooms);
    elements = elements.isEmpty() ? EnumSet.noneOf(Element.class) : EnumSet.copyOf(elements);
    Objects.requireNonNull(schedule, "schedule");
    if (elements.isEmpty()) {
      throw new IllegalArgumentException("task " + id + " watches no element");
    }
    if (priority < 1 || priority > 5) {
      throw new IllegalArgumentException("task " + id + ": priority " + priority + " outside 1..5");
    }
  }
}
