package io.liveguard.media.task;

/**
 * A source of room priorities outside the monitoring tasks: the hook through which the platform
 * raises a room's priority, for instance when its risk module issues an early warning (预警) on the
 * room or its streamer. The {@link CoverageScheduler} uses, for each room of an active task, the
 * higher of the task's priority and {@link #priorityOf}; it never lowers a task's priority, and a
 * room must still belong to an active task to be watched (a warning cannot conjure up a source).
 *
 * <p>Called once per room and scheduling round, from the scheduling thread; implementations should
 * answer from memory (a map the warning module keeps current), not query a database per call.
 */
@FunctionalInterface
public interface RoomPriorities {

  /** No raised priorities. */
  RoomPriorities NONE = room -> 0;

  /**
   * The priority {@code room} should have now: 1 (routine) to 5 (special campaign / early warning),
   * or 0 (or less) for no opinion. Values above 5 count as 5.
   */
  int priorityOf(String room);
}
