package io.liveguard.stream.job;

import io.liveguard.stream.analysis.Outcome;
import io.liveguard.stream.analysis.RoomAnalyzer;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs a {@link RoomAnalyzer} per room (the key) with its state in Flink keyed state, feeding it
 * the room's events in event-time order.
 *
 * <p>Design: an event waits in the {@code pending} map under its timestamp until the watermark
 * passes it (an event-time timer per distinct timestamp), so events that arrive out of order within
 * the watermark's bound are analysed in order, and events of equal time in arrival order. An event
 * that arrives after the watermark passed its time (late) is analysed at once rather than dropped:
 * nothing accepted is lost, and the analyzer sees it after later events (counted as {@code
 * lateEvents}). An event whose id the room saw recently is dropped ({@code duplicateEvents}).
 *
 * <p>All three states carry a processing-time TTL, refreshed on write: a room that stops sending
 * events is forgotten after the TTL, and its memory released, with no timer of its own. When the
 * analyzer returns no state (session over), the analyzer state is cleared at once.
 *
 * @param <S> the analyzer's per-room state
 */
public final class RoomAnalysisFunction<S>
    extends KeyedProcessFunction<String, EventRecord, FindingRecord> {

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

  /**
   * A function for an analyzer.
   *
   * @param stateTtl how long a room's state outlives its last event (processing time), positive
   */
  public RoomAnalysisFunction(RoomAnalyzer<S> analyzer, Duration stateTtl) {
    this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
    if (stateTtl.isNegative() || stateTtl.isZero()) {
      throw new IllegalArgumentException("state TTL must be positive, was " + stateTtl);
    }
    this.stateTtl = stateTtl;
  }

  @Override
  public void open(OpenContext context) {
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
    analysis = getRuntimeContext().getState(a);
    recent = getRuntimeContext().getState(r);
    pending = getRuntimeContext().getMapState(p);
    var metrics = getRuntimeContext().getMetricGroup();
    events = metrics.counter("events");
    late = metrics.counter("lateEvents");
    duplicates = metrics.counter("duplicateEvents");
    findings = metrics.counter("findings");
  }

  @Override
  public void processElement(EventRecord event, Context ctx, Collector<FindingRecord> out)
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
    if (event.at() <= ctx.timerService().currentWatermark()) {
      late.inc();
      analyse(event, out);
      return;
    }
    List<EventRecord> waiting = pending.get(event.at());
    if (waiting == null) {
      waiting = new ArrayList<>(1);
      ctx.timerService().registerEventTimeTimer(event.at());
    }
    waiting.add(event);
    pending.put(event.at(), waiting);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FindingRecord> out)
      throws Exception {
    List<EventRecord> due = pending.get(timestamp);
    if (due == null) {
      return; // released by TTL before its time came
    }
    pending.remove(timestamp);
    for (EventRecord e : due) {
      analyse(e, out);
    }
  }

  private void analyse(EventRecord event, Collector<FindingRecord> out) throws Exception {
    S state = analysis.value();
    if (state == null) {
      state = analyzer.start(event.key());
    }
    Outcome<S> outcome = analyzer.analyze(state, event);
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
