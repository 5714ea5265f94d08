package io.liveguard.stream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.stream.analysis.RoomSession;
import io.liveguard.stream.analysis.SessionRoomAnalyzer;
import io.liveguard.stream.embedded.EmbeddedPipeline;
import io.liveguard.stream.testing.Events;
import io.liveguard.stream.testing.KraftBroker;
import io.liveguard.stream.testing.TopicIo;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A bounded run of the job (the events source stops at the topic's end) publishes every finding,
 * once, and the broker keeps them.
 *
 * <p>The defect this guards against (docs/stream.md, "Tests", fixed defect): the findings were
 * written with their event time as the Kafka record timestamp. The events here, like any replay of
 * a past session, are more than a year old, far beyond the broker's time retention (7 days, the
 * default), so the broker's periodic retention check deleted every findings segment it found —
 * committed findings vanished from the topic, in a run's earlier part, a few seconds or minutes
 * after they were written. A production broker checks every 5 minutes, which made the loss look
 * like a rare race at the end of a run; the test broker ({@link KraftBroker}) checks every second,
 * so the test sees it every time.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BoundedRunIT {

  private static final int PARTITIONS = 4;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static KraftBroker kafka;

  /** Finding ids the room analysis emitted, per job (a tap beside the findings sink). */
  static final Map<String, Set<String>> EMITTED = new ConcurrentHashMap<>();

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = KraftBroker.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void boundedRunsAtParallelismOneAndTwoPublishEveryFindingOnceAndTheBrokerKeepsThem()
      throws Exception {
    List<String> values = Events.sessions(100, 50, 7L);
    List<String> keys = new ArrayList<>();
    List<byte[]> bytes = new ArrayList<>();
    EmbeddedPipeline<RoomSession> embedded = new EmbeddedPipeline<>(new SessionRoomAnalyzer());
    Set<String> expected = new LinkedHashSet<>();
    long newestEvent = 0;
    for (String v : values) {
      EventRecord e = Events.record(v);
      keys.add(e.key());
      bytes.add(v.getBytes(StandardCharsets.UTF_8));
      newestEvent = Math.max(newestEvent, e.at());
      embedded.accept(e).forEach(f -> expected.add(f.id()));
    }
    // what the test is about: a past session, older than the broker's 7-day time retention
    assertThat(newestEvent).isLessThan(System.currentTimeMillis() - Duration.ofDays(8).toMillis());
    assertThat(expected).hasSizeGreaterThan(1000);
    kafka.createTopics(PARTITIONS, "bounded.events");
    TopicIo.send(kafka.bootstrapServers(), "bounded.events", PARTITIONS, keys, bytes);

    for (int p = 1; p <= 2; p++) {
      String name = "bounded-p" + p;
      kafka.createTopics(PARTITIONS, name + ".findings", name + ".rejected");
      JobSettings s =
          JobSettings.defaults(kafka.bootstrapServers())
              .withNames("bounded.events", name + ".findings", name + ".rejected", name)
              .withTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(200));
      Configuration conf = new Configuration();
      conf.set(PipelineOptions.GENERIC_TYPES, false);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
      env.setParallelism(p);
      RoomAnalysisJob.checkpoint(env, s);
      EMITTED.put(name, ConcurrentHashMap.newKeySet());
      RoomAnalysisJob.build(
              env,
              RoomAnalysisJob.kafkaSource(s, OffsetsInitializer.latest()),
              RoomAnalysisJob.findingsSink(s),
              RoomAnalysisJob.rejectedSink(s),
              new SessionRoomAnalyzer(),
              s)
          .map(new Tap(name))
          .sinkTo(new DiscardingSink<>());
      long started = System.currentTimeMillis();
      env.execute(name);
      long finished = System.currentTimeMillis();
      // The broker checks time retention every second: give it three chances to delete.
      Thread.sleep(3_000);

      List<ConsumerRecord<byte[], byte[]>> records =
          TopicIo.readSettled(kafka.bootstrapServers(), s.findingsTopic(), Duration.ofSeconds(60));
      Set<String> published = new LinkedHashSet<>();
      for (ConsumerRecord<byte[], byte[]> r : records) {
        published.add(
            new String(
                r.headers().lastHeader("liveguard-finding-id").value(), StandardCharsets.UTF_8));
      }
      Set<String> missing = new LinkedHashSet<>(expected);
      missing.removeAll(published);
      Set<String> extra = new LinkedHashSet<>(published);
      extra.removeAll(expected);
      Set<String> notEmitted = new LinkedHashSet<>(expected);
      notEmitted.removeAll(EMITTED.get(name));
      assertThat(missing.size() + extra.size())
          .as(
              "p%d: %d findings published, %d expected: %d missing (of which the analysis never"
                  + " emitted %d), %d extra; log start offsets %s",
              p,
              published.size(),
              expected.size(),
              missing.size(),
              notEmitted.size(),
              extra.size(),
              TopicIo.logStartOffsets(kafka.bootstrapServers(), s.findingsTopic()))
          .isZero();
      assertThat(records).as("p%d: each finding once", p).hasSameSizeAs(published);
      // Records carry the time they were written: the topic's retention counts from then.
      assertThat(records).allSatisfy(r -> assertThat(r.timestamp()).isBetween(started, finished));
    }
  }

  /** Records the finding ids the analysis emitted, to tell a sink loss from an analysis one. */
  static final class Tap implements MapFunction<FindingRecord, String> {
    private static final long serialVersionUID = 1L;
    private final String name;

    Tap(String name) {
      this.name = name;
    }

    @Override
    public String map(FindingRecord f) {
      EMITTED.get(name).add(f.id());
      return f.id();
    }
  }
}
