package io.liveguard.stream.job;

import io.liveguard.stream.analysis.RoomAnalyzer;
import io.liveguard.stream.reference.ReferenceDeserializer;
import io.liveguard.stream.reference.ReferenceUpdate;
import io.liveguard.stream.topic.EventDeserializer;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import io.liveguard.stream.topic.FindingSerializer;
import io.liveguard.stream.topic.Inbound;
import io.liveguard.stream.topic.Rejection;
import io.liveguard.stream.topic.RejectionSerializer;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The room-analysis job: events from Kafka, keyed by room, through a {@link RoomAnalyzer} with its
 * state in Flink state, findings to Kafka exactly once.
 *
 * <pre>
 * Kafka events ─► read (watermarks per partition) ─► split ─┬─► keyBy(room) ─┬─► analyse ─► Kafka findings
 *                                                            │                │
 * Kafka reference (compacted) ─► read ─► broadcast ───────────┼────────────────┘
 *                                                            └─► Kafka rejected (unreadable records)
 * </pre>
 *
 * <p>The source and sinks are parameters ({@link #build}), so tests plug in their own; {@link
 * #kafkaSource}, {@link #findingsSink} and {@link #rejectedSink} are the production wiring. Every
 * operator has a fixed uid, so a savepoint taken by one build restores into the next.
 */
public final class RoomAnalysisJob {

  /** Side output of records the reader rejected. */
  static final OutputTag<Rejection> REJECTED = new OutputTag<>("rejected") {};

  private RoomAnalysisJob() {}

  /**
   * Adds the pipeline without reference data to {@code env}: the bundled catalogue, no
   * authorised-seller register.
   *
   * @return the stream of findings, before the sink (tests may tap it)
   */
  public static <S> DataStream<FindingRecord> build(
      StreamExecutionEnvironment env,
      Source<Inbound, ?, ?> source,
      Sink<FindingRecord> findings,
      Sink<Rejection> rejected,
      RoomAnalyzer<S> analyzer,
      JobSettings settings) {
    return build(env, source, null, findings, rejected, analyzer, settings);
  }

  /**
   * Adds the pipeline to {@code env}.
   *
   * @param reference the reference data (broadcast to every subtask), or null for none; with a
   *     source, events wait until every kind of {@link JobSettings#referenceKinds()} has arrived
   * @return the stream of findings, before the sink (tests may tap it)
   */
  public static <S> DataStream<FindingRecord> build(
      StreamExecutionEnvironment env,
      Source<Inbound, ?, ?> source,
      Source<ReferenceUpdate, ?, ?> reference,
      Sink<FindingRecord> findings,
      Sink<Rejection> rejected,
      RoomAnalyzer<S> analyzer,
      JobSettings settings) {
    WatermarkStrategy<Inbound> watermarks =
        WatermarkStrategy.<Inbound>forBoundedOutOfOrderness(settings.outOfOrderness())
            .withTimestampAssigner(
                (in, recordTime) -> in.event() != null ? in.event().at() : recordTime)
            .withIdleness(settings.idleness());
    SingleOutputStreamOperator<EventRecord> events =
        env.fromSource(source, watermarks, "events")
            .uid("events-source")
            .process(new Split())
            .uid("split")
            .name("split readable and rejected");
    events.getSideOutput(REJECTED).sinkTo(rejected).uid("rejected-sink").name("rejected");
    DataStream<FindingRecord> out;
    if (reference != null) {
      // Reference data never holds event time back: its watermark is always the end of time.
      BroadcastStream<ReferenceUpdate> broadcast =
          env.fromSource(
                  reference,
                  WatermarkStrategy.<ReferenceUpdate>forGenerator(c -> new EndOfTime<>()),
                  "reference")
              .uid("reference-source")
              .broadcast(RoomAnalysisFunction.REFERENCE);
      out =
          events
              .keyBy(EventRecord::key)
              .connect(broadcast)
              .process(
                  new RoomAnalysisFunction<>(
                      analyzer, settings.stateTtl(), settings.referenceKinds()))
              .uid("room-analysis")
              .name("room analysis");
    } else {
      out =
          events
              .keyBy(EventRecord::key)
              .process(new RoomAnalysisFunction.WithoutReference<>(analyzer, settings.stateTtl()))
              .uid("room-analysis")
              .name("room analysis");
    }
    out.sinkTo(findings).uid("findings-sink").name("findings");
    return out;
  }

  /** Turns on exactly-once checkpoints at the settings' interval. */
  public static void checkpoint(StreamExecutionEnvironment env, JobSettings settings) {
    env.enableCheckpointing(
        settings.checkpointInterval().toMillis(),
        org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE);
  }

  /**
   * The events source: starts from the group's committed offsets (earliest for a new group), reads
   * only committed records of transactional producers.
   *
   * @param stopAt where a bounded run stops, or {@code null} to run unbounded
   */
  public static KafkaSource<Inbound> kafkaSource(JobSettings s, OffsetsInitializer stopAt) {
    var b =
        KafkaSource.<Inbound>builder()
            .setBootstrapServers(s.bootstrapServers())
            .setTopics(s.eventsTopic())
            .setGroupId(s.groupId())
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new EventDeserializer())
            .setProperty("isolation.level", "read_committed")
            .setProperty("partition.discovery.interval.ms", "60000");
    if (stopAt != null) {
      b.setBounded(stopAt);
    }
    return b.build();
  }

  /**
   * The reference source: the whole compacted topic from its start (the broadcast state is
   * checkpointed with the offsets), read-committed.
   *
   * @param stopAt where a bounded run stops, or {@code null} to run unbounded
   */
  public static KafkaSource<ReferenceUpdate> referenceSource(
      JobSettings s, OffsetsInitializer stopAt) {
    var b =
        KafkaSource.<ReferenceUpdate>builder()
            .setBootstrapServers(s.bootstrapServers())
            .setTopics(s.referenceTopic())
            .setGroupId(s.groupId() + "-reference")
            .setStartingOffsets(OffsetsInitializer.earliest())
            .setDeserializer(new ReferenceDeserializer())
            .setProperty("isolation.level", "read_committed")
            .setProperty("commit.offsets.on.checkpoint", "false")
            .setProperty("partition.discovery.interval.ms", "60000");
    if (stopAt != null) {
      b.setBounded(stopAt);
    }
    return b.build();
  }

  /** The findings sink: Kafka transactions committed with each checkpoint. */
  public static KafkaSink<FindingRecord> findingsSink(JobSettings s) {
    return KafkaSink.<FindingRecord>builder()
        .setBootstrapServers(s.bootstrapServers())
        .setRecordSerializer(new FindingSerializer(s.findingsTopic()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(s.transactionalIdPrefix() + "-findings")
        .setKafkaProducerConfig(producer(s))
        .build();
  }

  /** The rejected-records sink, exactly once like the findings. */
  public static KafkaSink<Rejection> rejectedSink(JobSettings s) {
    return KafkaSink.<Rejection>builder()
        .setBootstrapServers(s.bootstrapServers())
        .setRecordSerializer(new RejectionSerializer(s.rejectedTopic()))
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(s.transactionalIdPrefix() + "-rejected")
        .setKafkaProducerConfig(producer(s))
        .build();
  }

  private static Properties producer(JobSettings s) {
    Properties p = new Properties();
    p.setProperty("transaction.timeout.ms", Long.toString(s.transactionTimeout().toMillis()));
    p.setProperty("compression.type", "lz4");
    p.setProperty("max.request.size", Integer.toString(2 * 1024 * 1024));
    return p;
  }

  /** Watermarks of a stream that never holds event time back. */
  static final class EndOfTime<T> implements WatermarkGenerator<T> {
    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }
  }

  /** Sends readable events on and rejected records to the side output. */
  static final class Split extends ProcessFunction<Inbound, EventRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(Inbound in, Context ctx, Collector<EventRecord> out) {
      if (in.event() != null) {
        out.collect(in.event());
      } else {
        ctx.output(REJECTED, in.rejection());
      }
    }
  }
}
