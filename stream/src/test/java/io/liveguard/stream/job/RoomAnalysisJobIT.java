package io.liveguard.stream.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.stream.analysis.SessionRoomAnalyzer;
import io.liveguard.stream.testing.Events;
import io.liveguard.stream.testing.FailOnce;
import io.liveguard.stream.testing.KraftBroker;
import io.liveguard.stream.testing.SessionFixtures;
import io.liveguard.stream.testing.TopicIo;
import io.liveguard.stream.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job end to end on a real KRaft broker in this JVM and a Flink MiniCluster: the same session
 * replayed through Kafka and Flink gives the findings of the embedded pipeline, and a task failure
 * in the middle of a session restores from the last checkpoint with no finding lost or duplicated.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RoomAnalysisJobIT {

  private static final int PARTITIONS = 2;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static KraftBroker kafka;

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

  private static JobSettings settings(String name) throws Exception {
    String events = name + ".events";
    String findings = name + ".findings";
    String rejected = name + ".rejected";
    kafka.createTopics(PARTITIONS, events, findings, rejected);
    return JobSettings.defaults(kafka.bootstrapServers())
        .withNames(events, findings, rejected, name)
        .withTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(300));
  }

  private static StreamExecutionEnvironment env(int parallelism) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    // Restart quickly after the injected failure; the default backs off exponentially.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(parallelism);
    return env;
  }

  private static Map<Integer, Long> send(JobSettings s, List<String> values) {
    List<String> keys = new ArrayList<>();
    List<byte[]> bytes = new ArrayList<>();
    for (String v : values) {
      String key;
      try {
        key = Events.record(v).key();
      } catch (IllegalArgumentException unreadable) {
        key = "unreadable";
      }
      keys.add(key);
      bytes.add(v.getBytes(StandardCharsets.UTF_8));
    }
    return TopicIo.send(kafka.bootstrapServers(), s.eventsTopic(), PARTITIONS, keys, bytes);
  }

  private static OffsetsInitializer stopAfter(String topic, Map<Integer, Long> counts) {
    Map<TopicPartition, Long> end = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      end.put(new TopicPartition(topic, p), counts.getOrDefault(p, 0L));
    }
    return OffsetsInitializer.offsets(end);
  }

  private static Map<String, List<String>> published(JobSettings s) {
    Map<String, List<String>> byRoom = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r :
        TopicIo.readCommitted(kafka.bootstrapServers(), s.findingsTopic())) {
      String room = new String(r.key(), StandardCharsets.UTF_8);
      byRoom
          .computeIfAbsent(room, k -> new ArrayList<>())
          .add(new String(r.value(), StandardCharsets.UTF_8));
    }
    return byRoom;
  }

  private static Map<String, List<String>> sorted(Map<String, List<String>> byRoom) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    byRoom.forEach((room, findings) -> out.put(room, findings.stream().sorted().toList()));
    return out;
  }

  private static int invalidFixtureEvents(List<String> values) {
    int n = 0;
    for (String v : values) {
      try {
        Events.record(v);
      } catch (IllegalArgumentException unreadable) {
        n++;
      }
    }
    return n - 2;
  }

  private static int count(Map<String, List<String>> byRoom) {
    return byRoom.values().stream().mapToInt(List::size).sum();
  }

  @Test
  void aReplayThroughKafkaAndFlinkGivesTheFindingsOfTheEmbeddedPipeline() throws Exception {
    JobSettings s = settings("equivalence");
    List<List<String>> sessions = new ArrayList<>(SessionFixtures.sessions());
    sessions.add(Events.sessions(8, 50, 20251108L));
    List<String> values = new ArrayList<>(SessionFixtures.interleave(sessions));
    values.add(10, "{\"id\":\"bad-1\",\"type\":\"chat\"}");
    values.add(20, "not json at all");
    values.add(30, values.get(5)); // an event delivered twice
    Map<Integer, Long> counts = send(s, values);

    StreamExecutionEnvironment env = env(2);
    RoomAnalysisJob.checkpoint(env, s);
    RoomAnalysisJob.build(
        env,
        RoomAnalysisJob.kafkaSource(s, stopAfter(s.eventsTopic(), counts)),
        RoomAnalysisJob.findingsSink(s),
        RoomAnalysisJob.rejectedSink(s),
        new SessionRoomAnalyzer(),
        s);
    env.execute("equivalence");

    // The job analyses each room in event time; the embedded analyzer in arrival order. Both
    // tolerate disorder, so the findings are the same; their order within a room may differ.
    Map<String, List<String>> expected = sorted(SessionFixtures.embedded(values));
    Map<String, List<String>> actual = sorted(published(s));
    assertThat(count(expected)).isGreaterThan(100);
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);

    List<String> rejected = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        TopicIo.readCommitted(kafka.bootstrapServers(), s.rejectedTopic())) {
      rejected.add(new String(r.value(), StandardCharsets.UTF_8));
    }
    assertThat(rejected)
        .hasSize(2 + invalidFixtureEvents(values))
        .anySatisfy(r -> assertThat(r).contains("field \\\"platform\\\": is required"))
        .anySatisfy(r -> assertThat(r).contains("not valid JSON: Unrecognized token 'not'"))
        .allSatisfy(r -> assertThat(r).contains("\"schema\":\"" + Topics.REJECTED_SCHEMA + "\""));
  }

  @Test
  void aTaskFailureMidSessionRestoresFromTheCheckpointWithNoFindingLostOrDuplicated()
      throws Exception {
    JobSettings s = settings("failover");
    List<List<String>> sessions = new ArrayList<>(SessionFixtures.sessions());
    sessions.add(Events.sessions(6, 60, 77L));
    List<String> values = new ArrayList<>();
    for (String v : SessionFixtures.interleave(sessions)) {
      try {
        Events.record(v);
        values.add(v);
      } catch (IllegalArgumentException unreadable) {
        // the equivalence test covers rejections
      }
    }
    List<String> first = values.subList(0, values.size() / 2);
    List<String> second = new ArrayList<>(values.subList(values.size() / 2, values.size()));
    String poison = Events.record(second.get(second.size() / 3)).id();
    // Time moves on in other rooms: their events carry the watermark past the session's end.
    long later =
        values.stream().mapToLong(v -> Events.record(v).at()).max().orElseThrow()
            + Duration.ofHours(1).toMillis();
    for (int p = 0, r = 0; p < PARTITIONS; r++) {
      String tick = Events.bare("session_started", "tick-" + r, "tick-" + r, "s", later);
      if (TopicIo.partitionOf(Events.record(tick).key(), PARTITIONS) == p) {
        second.add(tick);
        p++;
      }
    }
    Map<String, List<String>> expected = sorted(SessionFixtures.embedded(values));
    send(s, first);

    StreamExecutionEnvironment env = env(2);
    RoomAnalysisJob.checkpoint(env, s);
    RoomAnalysisJob.build(
        env,
        RoomAnalysisJob.kafkaSource(s, null),
        RoomAnalysisJob.findingsSink(s),
        RoomAnalysisJob.rejectedSink(s),
        new FailOnce<>(new SessionRoomAnalyzer(), poison),
        s);
    FailOnce.ARMED.set(true);
    JobClient job = env.executeAsync("failover");
    try {
      // A finding is visible to a read_committed reader only once a checkpoint has completed.
      await(() -> count(published(s)) > 0, "a first checkpoint");
      send(s, second);
      // If they never all arrive, the comparison below shows which are missing.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (count(published(s)) < count(expected) && System.nanoTime() < until) {
        Thread.sleep(1000);
      }
      // Two more checkpoints, so that a duplicate written after a restore would be visible too.
      Thread.sleep(3 * s.checkpointInterval().toMillis());
    } finally {
      job.cancel().get(1, TimeUnit.MINUTES);
    }

    assertThat(FailOnce.ARMED).as("the injected failure fired").isFalse();
    Map<String, List<String>> actual = sorted(published(s));
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    List<String> all = actual.values().stream().flatMap(List::stream).toList();
    assertThat(all).doesNotHaveDuplicates();
  }

  private static void await(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(200);
    }
  }
}
