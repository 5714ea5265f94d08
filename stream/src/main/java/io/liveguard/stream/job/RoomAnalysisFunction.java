package io.liveguard.stream.job;

import io.liveguard.stream.analysis.Outcome;
import io.liveguard.stream.analysis.RoomAnalyzer;
import io.liveguard.stream.reference.ReferenceData;
import io.liveguard.stream.reference.ReferenceUpdate;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link RoomAnalyzer} per room (the key) with its state in Flink keyed state, feeding it
 * the room's events in event-time order, with the platform's reference data (broadcast state) in
 * force.
 *
 * <p>Design: an event waits in the {@code pending} map under its timestamp until the watermark
 * passes it (an event-time timer per distinct timestamp), so events that arrive out of order within
 * the watermark's bound are analysed in order, and events of equal time in arrival order. An event
 * that arrives after the watermark passed its time (late) is analysed at once rather than dropped:
 * nothing accepted is lost, and the analyzer sees it after later events (counted as {@code
 * lateEvents}). An event whose id the room saw recently is dropped ({@code duplicateEvents}).
 *
 * <p>Reference data: the second input carries the latest record of each kind (the authorised-
 * seller register, the rule overlay) to every subtask, which keeps it in broadcast state
 * (checkpointed) and builds one {@link ReferenceData} from it per change. An event is analysed with
 * the reference data in force when it is analysed. Until a record of every {@code required} kind
 * has arrived (a new job reading the reference topic from its start), due events stay pending and
 * are retried each second ({@code waitingForReference} counts the waits), so that no event is
 * analysed against an empty register.
 *
 * <p>All three keyed states carry a processing-time TTL, refreshed on write: a room that stops
 * sending events is forgotten after the TTL, and its memory released, with no timer of its own.
 * When the analyzer returns no state (session over), the analyzer state is cleared at once.
 *
 * @param <S> the analyzer's per-room state
 */
public final class RoomAnalysisFunction<S>
    extends KeyedBroadcastProcessFunction<String, EventRecord, ReferenceUpdate, FindingRecord> {

  private static final long serialVersionUID = 2L;
  private static final Logger log = LoggerFactory.getLogger(RoomAnalysisFunction.class);

  /** How often due events are retried while required reference data is missing. */
  static final long REFERENCE_RETRY_MS = 1000;

  /** The broadcast state of reference data: kind → its latest record. */
  public static final MapStateDescriptor<String, ReferenceUpdate> REFERENCE =
      new MapStateDescriptor<>("reference", Types.STRING, Types.POJO(ReferenceUpdate.class));

  private final Rooms<S> rooms;
  private final Set<String> required;
  private transient ReferenceData reference;

  /**
   * A function for an analyzer that needs no reference kind before it starts.
   *
   * @param stateTtl how long a room's state outlives its last event (processing time), positive
   */
  public RoomAnalysisFunction(RoomAnalyzer<S> analyzer, Duration stateTtl) {
    this(analyzer, stateTtl, Set.of());
  }

  /**
   * A function for an analyzer.
   *
   * @param stateTtl how long a room's state outlives its last event (processing time), positive
   * @param required the reference kinds that must have arrived before any event is analysed
   */
  public RoomAnalysisFunction(RoomAnalyzer<S> analyzer, Duration stateTtl, Set<String> required) {
    this.rooms = new Rooms<>(analyzer, stateTtl);
    this.required = Set.copyOf(required);
  }

  @Override
  public void open(OpenContext context) {
    rooms.open(getRuntimeContext());
  }

  @Override
  public void processBroadcastElement(
      ReferenceUpdate update, Context ctx, Collector<FindingRecord> out) throws Exception {
    BroadcastState<String, ReferenceUpdate> state = ctx.getBroadcastState(REFERENCE);
    ReferenceUpdate held = state.get(update.kind());
    if (held != null && held.equals(update)) {
      return; // the publisher's start-up record of data the job already holds
    }
    Map<String, String> data = new HashMap<>();
    for (Map.Entry<String, ReferenceUpdate> e : state.entries()) {
      data.put(e.getKey(), e.getValue().data());
    }
    data.put(update.kind(), update.data());
    ReferenceData candidate;
    try {
      candidate = ReferenceData.of(data);
    } catch (RuntimeException e) {
      // never a restart loop over a record: the previous data of the kind stays in force
      log.error(
          "reference data \"{}\" version {} refused, the previous data stays in force: {}",
          update.kind(),
          update.version(),
          e.getMessage());
      return;
    }
    state.put(update.kind(), update);
    reference = data.keySet().containsAll(required) ? candidate : null;
    log.info(
        "reference data \"{}\" version {} {}",
        update.kind(),
        update.version(),
        update.data() == null ? "withdrawn" : "in force");
  }

  @Override
  public void processElement(EventRecord event, ReadOnlyContext ctx, Collector<FindingRecord> out)
      throws Exception {
    rooms.element(event, ctx.timerService(), reference(ctx), out);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FindingRecord> out)
      throws Exception {
    rooms.timer(timestamp, ctx.timeDomain(), ctx.timerService(), reference(ctx), out);
  }

  /** The reference data in force, or null while a required kind has not arrived. */
  private ReferenceData reference(ReadOnlyContext ctx) throws Exception {
    if (reference != null) {
      return reference;
    }
    ReadOnlyBroadcastState<String, ReferenceUpdate> state = ctx.getBroadcastState(REFERENCE);
    Map<String, String> data = new HashMap<>();
    for (Map.Entry<String, ReferenceUpdate> e : state.immutableEntries()) {
      data.put(e.getKey(), e.getValue().data());
    }
    for (String kind : required) {
      if (!data.containsKey(kind)) {
        return null;
      }
    }
    reference = ReferenceData.of(data);
    return reference;
  }

  /**
   * The same analysis for a job without reference data: the bundled catalogue, no register.
   *
   * @param <S> the analyzer's per-room state
   */
  public static final class WithoutReference<S>
      extends KeyedProcessFunction<String, EventRecord, FindingRecord> {

    private static final long serialVersionUID = 1L;

    private final Rooms<S> rooms;

    /**
     * A function for an analyzer.
     *
     * @param stateTtl how long a room's state outlives its last event (processing time), positive
     */
    public WithoutReference(RoomAnalyzer<S> analyzer, Duration stateTtl) {
      this.rooms = new Rooms<>(analyzer, stateTtl);
    }

    @Override
    public void open(OpenContext context) {
      rooms.open(getRuntimeContext());
    }

    @Override
    public void processElement(EventRecord event, Context ctx, Collector<FindingRecord> out)
        throws Exception {
      rooms.element(event, ctx.timerService(), ReferenceData.NONE, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FindingRecord> out)
        throws Exception {
      rooms.timer(timestamp, ctx.timeDomain(), ctx.timerService(), ReferenceData.NONE, out);
    }
  }

  /** The keyed state and the event-time logic both functions share. */
  static final class Rooms<S> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final RoomAnalyzer<S> analyzer;
    private final Duration stateTtl;

    private transient ValueState<S> analysis;
    private transient ValueState<RecentIds> recent;
    private transient MapState<Long, List<EventRecord>> pending;
    private transient Counter events;
    private transient Counter late;
    private transient Counter duplicates;
    private transient Counter findings;
    private transient Counter waiting;

    Rooms(RoomAnalyzer<S> analyzer, Duration stateTtl) {
      this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
      if (stateTtl.isNegative() || stateTtl.isZero()) {
        throw new IllegalArgumentException("state TTL must be positive, was " + stateTtl);
      }
      this.stateTtl = stateTtl;
    }

    void open(RuntimeContext context) {
      StateTtlConfig ttl =
          StateTtlConfig.newBuilder(stateTtl)
              .updateTtlOnCreateAndWrite()
              .neverReturnExpired()
              .cleanupFullSnapshot()
              .cleanupIncrementally(10, false)
              .cleanupInRocksdbCompactFilter(1000)
              .build();
      ValueStateDescriptor<S> a = new ValueStateDescriptor<>("analysis", analyzer.stateType());
      a.enableTimeToLive(ttl);
      ValueStateDescriptor<RecentIds> r =
          new ValueStateDescriptor<>("recent-ids", Types.POJO(RecentIds.class));
      r.enableTimeToLive(ttl);
      MapStateDescriptor<Long, List<EventRecord>> p =
          new MapStateDescriptor<>(
              "pending", Types.LONG, Types.LIST(TypeInformation.of(EventRecord.class)));
      p.enableTimeToLive(ttl);
      analysis = context.getState(a);
      recent = context.getState(r);
      pending = context.getMapState(p);
      var metrics = context.getMetricGroup();
      events = metrics.counter("events");
      late = metrics.counter("lateEvents");
      duplicates = metrics.counter("duplicateEvents");
      findings = metrics.counter("findings");
      waiting = metrics.counter("waitingForReference");
    }

    /**
     * One event of the current key.
     *
     * @param ref the reference data in force, or null while it is not complete
     */
    void element(
        EventRecord event, TimerService timers, ReferenceData ref, Collector<FindingRecord> out)
        throws Exception {
      RecentIds seen = recent.value();
      if (seen == null) {
        seen = RecentIds.empty();
      }
      if (seen.contains(event.id())) {
        duplicates.inc();
        return;
      }
      recent.update(seen.add(event.id()));
      if (event.at() <= timers.currentWatermark()) {
        late.inc();
        if (ref != null) {
          analyse(event, ref, out);
          return;
        }
        // due, but the reference data is not there yet: wait with the others
        timers.registerProcessingTimeTimer(timers.currentProcessingTime() + REFERENCE_RETRY_MS);
      }
      List<EventRecord> waitingAt = pending.get(event.at());
      if (waitingAt == null) {
        waitingAt = new ArrayList<>(1);
        timers.registerEventTimeTimer(event.at());
      }
      waitingAt.add(event);
      pending.put(event.at(), waitingAt);
    }

    /** A timer of the current key; {@code ref} as for {@link #element}. */
    void timer(
        long timestamp,
        TimeDomain domain,
        TimerService timers,
        ReferenceData ref,
        Collector<FindingRecord> out)
        throws Exception {
      if (ref == null) {
        waiting.inc();
        timers.registerProcessingTimeTimer(timers.currentProcessingTime() + REFERENCE_RETRY_MS);
        return;
      }
      if (domain == TimeDomain.EVENT_TIME) {
        List<EventRecord> due = pending.get(timestamp);
        if (due == null) {
          return; // released by TTL before its time came, or analysed by a retry
        }
        pending.remove(timestamp);
        for (EventRecord e : due) {
          analyse(e, ref, out);
        }
        return;
      }
      // a retry after waiting for reference data: everything the watermark has passed, in order
      long watermark = timers.currentWatermark();
      List<Long> times = new ArrayList<>();
      for (Long t : pending.keys()) {
        if (t <= watermark) {
          times.add(t);
        }
      }
      times.sort(null);
      for (Long t : times) {
        List<EventRecord> due = pending.get(t);
        pending.remove(t);
        for (EventRecord e : due) {
          analyse(e, ref, out);
        }
      }
    }

    private void analyse(EventRecord event, ReferenceData ref, Collector<FindingRecord> out)
        throws Exception {
      S state = analysis.value();
      if (state == null) {
        state = analyzer.start(event.key());
      }
      Outcome<S> outcome = analyzer.analyze(state, event, ref);
      events.inc();
      if (outcome.state() == null) {
        analysis.clear();
      } else {
        analysis.update(outcome.state());
      }
      for (FindingRecord f : outcome.findings()) {
        findings.inc();
        out.collect(f);
      }
    }
  }
}
