package io.liveguard.media.task;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the capture workers the {@link CoverageScheduler} asks for: every round it plans which live
 * rooms to watch within the capacity, stops the workers of rooms no longer planned, and starts
 * workers for rooms newly planned (or whose elements changed). At most {@link Capacity#captures}
 * workers run at once, and at most {@link Capacity#speech} of them with speech (ASR is the scarce
 * resource: a FunASR server has a fixed number of decoding channels); speech goes to the planned
 * rooms with the highest share first, the others are watched without it and say so.
 *
 * <p>Rooms' live state and risk, the tasks and the raised priorities are read afresh each round
 * from the suppliers the host (the platform) provides. A worker that ends on its own (the stream
 * ended or failed) frees its slot at the next round. Thread-safe: {@link #round} is serialized.
 */
public final class RoomWatchers implements AutoCloseable {

  /**
   * Capture capacity of this node.
   *
   * @param captures concurrent capture workers (ffmpeg + recognition), at least 1
   * @param speech of those, how many may run speech recognition, 0..captures
   */
  public record Capacity(int captures, int speech) {
    public Capacity {
      if (captures < 1 || speech < 0 || speech > captures) {
        throw new IllegalArgumentException(
            "capacity: captures "
                + captures
                + " must be ≥ 1 and speech "
                + speech
                + " in 0.."
                + captures);
      }
    }
  }

  /** A running watch of one room. */
  public interface Worker {
    /** Asks the worker to end its session; returns at once. */
    void stop();

    /** Whether the worker is still running (false once ended, stopped or failed). */
    boolean running();
  }

  /** Starts workers. */
  @FunctionalInterface
  public interface WorkerFactory {
    /**
     * Starts watching {@code room} for {@code elements}; throws if it cannot start (no source
     * known, models missing), which the round reports and retries next round.
     */
    Worker start(String room, Set<MonitoringTask.Element> elements) throws Exception;
  }

  /**
   * What one round did.
   *
   * @param plan the scheduler's plan and coverage
   * @param started rooms whose worker was started, with the elements granted
   * @param stopped rooms whose worker was stopped (rotated out, no longer live or eligible)
   * @param running rooms with a running worker after the round
   * @param speechDenied planned rooms that asked for speech but got none (speech capacity full)
   * @param failed rooms whose worker could not start, with the reason
   */
  public record Round(
      CoverageScheduler.Plan plan,
      Map<String, Set<MonitoringTask.Element>> started,
      List<String> stopped,
      List<String> running,
      List<String> speechDenied,
      Map<String, String> failed) {}

  private record Running(Worker worker, Set<MonitoringTask.Element> elements) {}

  private final Capacity capacity;
  private final CoverageScheduler scheduler;
  private final WorkerFactory factory;
  private final Supplier<List<MonitoringTask>> tasks;
  private final Supplier<Map<String, RoomRisk>> rooms;
  private final RoomPriorities priorities;
  private final Supplier<ZonedDateTime> clock;
  private final Map<String, Running> workers = new TreeMap<>();
  private final List<Worker> stopping = new ArrayList<>();
  private Duration stopGrace = Duration.ofSeconds(10);
  private ScheduledExecutorService timer;
  private boolean closed;

  /**
   * Watchers with {@code capacity}, starting workers with {@code factory}; {@code tasks} and {@code
   * rooms} (room id → live state and risk) are read each round; {@code priorities} raises rooms
   * (use {@link RoomPriorities#NONE} for none); {@code zone} is the zone task windows are in.
   */
  public RoomWatchers(
      Capacity capacity,
      WorkerFactory factory,
      Supplier<List<MonitoringTask>> tasks,
      Supplier<Map<String, RoomRisk>> rooms,
      RoomPriorities priorities,
      Supplier<ZonedDateTime> clock) {
    this.capacity = Objects.requireNonNull(capacity, "capacity");
    this.scheduler = new CoverageScheduler(capacity.captures());
    this.factory = Objects.requireNonNull(factory, "factory");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.rooms = Objects.requireNonNull(rooms, "rooms");
    this.priorities = Objects.requireNonNull(priorities, "priorities");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A clock in {@code zone} from the system time. */
  public static Supplier<ZonedDateTime> systemClock(ZoneId zone) {
    return () -> ZonedDateTime.now(zone);
  }

  /** Runs one scheduling round now. */
  public synchronized Round round() {
    if (closed) {
      throw new IllegalStateException("room watchers are closed");
    }
    // workers that ended on their own free their slot
    workers.values().removeIf(r -> !r.worker().running());
    CoverageScheduler.Plan plan = scheduler.plan(tasks.get(), rooms.get(), priorities, clock.get());

    // speech to the planned rooms with the highest share first
    List<CoverageScheduler.Assignment> byShare = new ArrayList<>(plan.watched());
    byShare.sort(
        Comparator.comparingDouble(CoverageScheduler.Assignment::share)
            .reversed()
            .thenComparing(CoverageScheduler.Assignment::room));
    Map<String, Set<MonitoringTask.Element>> granted = new LinkedHashMap<>();
    List<String> speechDenied = new ArrayList<>();
    int speech = 0;
    for (CoverageScheduler.Assignment a : byShare) {
      Set<MonitoringTask.Element> e = EnumSet.copyOf(a.elements());
      if (e.contains(MonitoringTask.Element.SPEECH)) {
        if (speech < capacity.speech()) {
          speech++;
        } else {
          e.remove(MonitoringTask.Element.SPEECH);
          speechDenied.add(a.room());
        }
      }
      if (!e.isEmpty()) {
        granted.put(a.room(), e);
      }
    }

    // stop first, and count a stopping worker (ffmpeg ending, recognition draining) against the
    // capacity until it has ended, so the capacity is never exceeded while rotating
    List<String> stopped = new ArrayList<>();
    for (var it = workers.entrySet().iterator(); it.hasNext(); ) {
      var w = it.next();
      Set<MonitoringTask.Element> want = granted.get(w.getKey());
      if (want == null || !want.equals(w.getValue().elements())) {
        w.getValue().worker().stop();
        stopping.add(w.getValue().worker());
        it.remove();
        stopped.add(w.getKey());
      }
    }
    awaitStopping();
    Map<String, Set<MonitoringTask.Element>> started = new LinkedHashMap<>();
    Map<String, String> failed = new LinkedHashMap<>();
    for (var g : granted.entrySet()) {
      if (workers.containsKey(g.getKey())) {
        continue;
      }
      if (workers.size() + stopping.size() >= capacity.captures()) {
        failed.put(
            g.getKey(), "capacity: a rotated-out worker is still stopping; starts next round");
        continue;
      }
      try {
        Worker w = factory.start(g.getKey(), Set.copyOf(g.getValue()));
        workers.put(g.getKey(), new Running(w, g.getValue()));
        started.put(g.getKey(), Set.copyOf(g.getValue()));
      } catch (Exception e) {
        failed.put(g.getKey(), String.valueOf(e.getMessage()));
      }
    }
    return new Round(
        plan,
        started,
        List.copyOf(stopped),
        List.copyOf(workers.keySet()),
        List.copyOf(speechDenied),
        failed);
  }

  /** Waits up to the stop grace for stopping workers to end; forgets those that did. */
  private void awaitStopping() {
    long end = System.nanoTime() + stopGrace.toNanos();
    stopping.removeIf(w -> !w.running());
    while (!stopping.isEmpty() && System.nanoTime() < end) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      stopping.removeIf(w -> !w.running());
    }
  }

  /**
   * How long a round waits for rotated-out workers to end before starting others (default 10 s); a
   * worker still running after that keeps its slot until it has ended.
   */
  public synchronized RoomWatchers withStopGrace(Duration grace) {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("stop grace " + grace);
    }
    this.stopGrace = grace;
    return this;
  }

  /** Rooms with a running worker. */
  public synchronized List<String> running() {
    workers.values().removeIf(r -> !r.worker().running());
    return List.copyOf(workers.keySet());
  }

  /**
   * Runs a round every {@code period} on a background thread until {@link #close}; each round's
   * report goes to {@code reports} (a failing round is reported by the exception's message and the
   * next round runs as planned).
   */
  public synchronized void start(
      Duration period, Consumer<Round> reports, Consumer<Exception> errors) {
    if (timer != null) {
      throw new IllegalStateException("already started");
    }
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period " + period);
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "room-watchers");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            reports.accept(round());
          } catch (RuntimeException e) {
            errors.accept(e);
          }
        },
        0,
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Stops the rounds and every worker. */
  @Override
  public void close() {
    ScheduledExecutorService t;
    synchronized (this) {
      closed = true;
      t = timer;
      for (Running r : workers.values()) {
        r.worker().stop();
      }
      workers.clear();
    }
    if (t != null) {
      t.shutdownNow();
    }
  }
}
