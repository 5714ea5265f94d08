package io.liveguard.stream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.session.SessionAnalyzer;
import io.liveguard.detect.session.SessionFinding;
import io.liveguard.stream.analysis.RoomSession;
import io.liveguard.stream.analysis.SessionRoomAnalyzer;
import io.liveguard.stream.embedded.EmbeddedPipeline;
import io.liveguard.stream.job.JobSettings;
import io.liveguard.stream.job.RecentIds;
import io.liveguard.stream.job.RoomAnalysisJob;
import io.liveguard.stream.testing.Events;
import io.liveguard.stream.testing.KraftBroker;
import io.liveguard.stream.testing.TopicIo;
import io.liveguard.stream.topic.EventReader;
import io.liveguard.stream.topic.EventRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Throughput of the room analysis through Kafka and Flink at parallelism 1 and 2, against the
 * embedded pipeline on the same events in the same run, and the serialized state per room. Not a
 * test (it asserts only that the runs agree); run it on purpose:
 *
 * <pre>
 * ./mvnw -B -ntp -pl stream -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=StreamThroughputBenchmark -Dliveguard.bench.rooms=400 -Dliveguard.bench.events=200
 * </pre>
 *
 * Results go to stdout and {@code stream/target/stream-benchmark.txt}.
 */
class StreamThroughputBenchmark {

  private static final int PARTITIONS = 4;

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  @SuppressWarnings("unchecked")
  void measure() throws Exception {
    int rooms = Integer.getInteger("liveguard.bench.rooms", 400);
    int perRoom = Integer.getInteger("liveguard.bench.events", 200);
    int rounds = Integer.getInteger("liveguard.bench.rounds", 3);
    List<String> values = Events.sessions(rooms, perRoom, 42L);
    List<byte[]> bytes = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (String v : values) {
      bytes.add(v.getBytes(StandardCharsets.UTF_8));
      keys.add(Events.record(v).key());
    }
    StringBuilder report = new StringBuilder();
    line(
        report,
        "events: %d (%d rooms × %d), %d partitions, %d cores",
        values.size(),
        rooms,
        perRoom,
        PARTITIONS,
        Runtime.getRuntime().availableProcessors());

    try (KraftBroker kafka = KraftBroker.start()) {
      kafka.createTopics(PARTITIONS, "bench.events");
      TopicIo.send(kafka.bootstrapServers(), "bench.events", PARTITIONS, keys, bytes);

      // Round 0 warms up the JIT on every path and is not reported.
      Set<String> reference = embeddedFromKafka(kafka);
      List<double[]> results = new ArrayList<>();
      EmbeddedPipeline<RoomSession> pipeline = null;
      for (int round = 0; round <= rounds; round++) {
        long t0 = System.nanoTime();
        pipeline = embeddedInMemory(bytes);
        double embedded = rate(values.size(), System.nanoTime() - t0);

        t0 = System.nanoTime();
        assertThat(embeddedFromKafka(kafka)).isEqualTo(reference);
        double embeddedKafka = rate(values.size(), System.nanoTime() - t0);

        double[] flink = new double[3];
        double[] net = new double[3];
        String[] cpu = new String[3];
        double[] perCpu = new double[3];
        String[] analysisTime = new String[3];
        String[] sourceTime = new String[3];
        // Alternate which parallelism runs first, so neither always gets the warmer JVM.
        int[] order = round % 2 == 0 ? new int[] {1, 2} : new int[] {2, 1};
        for (int p : order) {
          String name = "bench-r" + round + "-p" + p;
          kafka.createTopics(PARTITIONS, name + ".findings", name + ".rejected");
          JobSettings s =
              JobSettings.defaults(kafka.bootstrapServers())
                  .withNames("bench.events", name + ".findings", name + ".rejected", name)
                  .withTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));
          Configuration conf = new Configuration();
          conf.set(PipelineOptions.GENERIC_TYPES, false);
          StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
          env.setParallelism(p);
          if (Boolean.getBoolean("liveguard.bench.objectReuse")) {
            env.getConfig().enableObjectReuse();
          }
          RoomAnalysisJob.checkpoint(env, s);
          RoomAnalysisJob.build(
              env,
              RoomAnalysisJob.kafkaSource(s, OffsetsInitializer.latest()),
              RoomAnalysisJob.findingsSink(s),
              RoomAnalysisJob.rejectedSink(s),
              new SessionRoomAnalyzer(),
              s);
          CpuSampler sampler = new CpuSampler();
          t0 = System.nanoTime();
          JobExecutionResult result = env.execute(name);
          flink[p] = rate(values.size(), System.nanoTime() - t0);
          sampler.close();
          cpu[p] = sampler.summary();
          perCpu[p] = flink[p] / sampler.cores().get("process");
          analysisTime[p] = sampler.timeOf("analysis task (+ findings sink)");
          sourceTime[p] = sampler.timeOf("source task (parse, split)");
          net[p] = values.size() / (result.getNetRuntime() / 1e3);
          Set<String> ids = findingIds(kafka, s.findingsTopic());
          Set<String> missing = new LinkedHashSet<>(reference);
          missing.removeAll(ids);
          Set<String> extra = new LinkedHashSet<>(ids);
          extra.removeAll(reference);
          assertThat(missing.size() + extra.size())
              .as(
                  "Flink p%d findings = embedded findings (%d findings, %d embedded: %d missing,"
                      + " %d extra)",
                  p, ids.size(), reference.size(), missing.size(), extra.size())
              .isZero();
        }
        line(
            report,
            "round %d%s: per-room adapter in memory %.0f ev/s | embedded from Kafka %.0f | "
                + "Flink p1 %.0f (net %.0f) | Flink p2 %.0f (net %.0f) | p2/p1 %.2f | "
                + "p1/embedded-from-Kafka %.2f | load %s",
            round,
            round == 0 ? " (warm-up)" : "",
            embedded,
            embeddedKafka,
            flink[1],
            net[1],
            flink[2],
            net[2],
            flink[2] / flink[1],
            flink[1] / embeddedKafka,
            load());
        for (int p = 1; p <= 2; p++) {
          line(
              report,
              "  cores used, Flink p%d: %s | %.0f events per process-CPU-second",
              p,
              cpu[p],
              perCpu[p]);
          line(report, "    p%d %s", p, analysisTime[p]);
          line(report, "    p%d %s", p, sourceTime[p]);
        }
        if (round > 0) {
          results.add(new double[] {embedded, embeddedKafka, flink[1], flink[2], net[1], net[2]});
        }
      }
      double[] median = new double[6];
      for (int i = 0; i < 6; i++) {
        final int k = i;
        double[] col = results.stream().mapToDouble(r -> r[k]).sorted().toArray();
        median[i] = col[col.length / 2];
      }
      line(
          report,
          "median of %d rounds: per-room adapter in memory %.0f ev/s | embedded from Kafka %.0f | "
              + "Flink p1 %.0f | Flink p2 %.0f | p2/p1 %.2f (job runtime only: %.0f / %.0f = %.2f)"
              + " | Flink p2 / embedded-from-Kafka %.2f",
          results.size(),
          median[0],
          median[1],
          median[2],
          median[3],
          median[3] / median[2],
          median[4],
          median[5],
          median[5] / median[4],
          median[3] / median[1]);
      stateSizes(report, pipeline, values);
      skew(report, keys);
    }
    System.out.println(report);
    Files.writeString(Path.of("target", "stream-benchmark.txt"), report.toString());
  }

  private static EmbeddedPipeline<RoomSession> embeddedInMemory(List<byte[]> bytes)
      throws Exception {
    EmbeddedPipeline<RoomSession> pipeline = new EmbeddedPipeline<>(new SessionRoomAnalyzer());
    for (byte[] b : bytes) {
      pipeline.accept(EventReader.read(b));
    }
    return pipeline;
  }

  /**
   * The embedded pipeline fed by a plain consumer of the same topic: one {@link SessionAnalyzer}
   * for all rooms, as the platform and {@code liveguard replay} run it. The single-process peer.
   */
  private static Set<String> embeddedFromKafka(KraftBroker kafka) throws Exception {
    SessionAnalyzer analyzer = SessionAnalyzer.bundled();
    Set<String> ids = new LinkedHashSet<>();
    for (ConsumerRecord<byte[], byte[]> r :
        TopicIo.readCommitted(kafka.bootstrapServers(), "bench.events")) {
      EventRecord e = EventReader.read(r.value());
      for (SessionFinding f : analyzer.accept(EventJson.parse(e.json()))) {
        ids.add(SessionRoomAnalyzer.record(f).id());
      }
    }
    return ids;
  }

  private static Set<String> findingIds(KraftBroker kafka, String topic)
      throws InterruptedException {
    Set<String> ids = new LinkedHashSet<>();
    for (ConsumerRecord<byte[], byte[]> r :
        TopicIo.readSettled(kafka.bootstrapServers(), topic, Duration.ofSeconds(60))) {
      ids.add(
          new String(
              r.headers().lastHeader("liveguard-finding-id").value(), StandardCharsets.UTF_8));
    }
    return ids;
  }

  private static void stateSizes(
      StringBuilder report, EmbeddedPipeline<RoomSession> pipeline, List<String> values)
      throws Exception {
    SerializerConfigImpl config = new SerializerConfigImpl();
    TypeSerializer<RoomSession> analysis =
        new SessionRoomAnalyzer().stateType().createSerializer(config);
    TypeSerializer<RecentIds> recent = Types.POJO(RecentIds.class).createSerializer(config);
    TypeSerializer<List<EventRecord>> pending =
        Types.LIST(TypeInformation.of(EventRecord.class)).createSerializer(config);
    Set<String> rooms = new LinkedHashSet<>();
    List<EventRecord> largestEvents = new ArrayList<>();
    for (String v : values) {
      EventRecord e = Events.record(v);
      rooms.add(e.key());
      largestEvents.add(e);
    }
    int maxAnalysis = 0;
    long sumAnalysis = 0;
    int maxRecent = 0;
    DataOutputSerializer out = new DataOutputSerializer(1 << 16);
    for (String room : rooms) {
      out.clear();
      analysis.serialize(pipeline.state(room), out);
      maxAnalysis = Math.max(maxAnalysis, out.length());
      sumAnalysis += out.length();
      out.clear();
      recent.serialize(pipeline.recentIds(room), out);
      maxRecent = Math.max(maxRecent, out.length());
    }
    // Pending events: those inside the out-of-orderness bound (5 s, an event every ~1.2 s per
    // room: about 5); measured for the 10 largest events.
    largestEvents.sort((a, b) -> Integer.compare(b.json().length(), a.json().length()));
    out.clear();
    pending.serialize(largestEvents.subList(0, 10), out);
    int pendingBytes = out.length();
    line(
        report,
        "state per room (serialized): session analyzer snapshot mean %d B, largest %d B + recent"
            + " ids %d B + pending (10 largest events) %d B = largest %d B",
        sumAnalysis / rooms.size(),
        maxAnalysis,
        maxRecent,
        pendingBytes,
        maxAnalysis + maxRecent + pendingBytes);
  }

  /**
   * How keyBy splits the events between the two subtasks at parallelism 2 (max parallelism 128).
   */
  private static void skew(StringBuilder report, List<String> keys) {
    long[] events = new long[2];
    Set<String>[] rooms = new Set[] {new LinkedHashSet<String>(), new LinkedHashSet<String>()};
    for (String k : keys) {
      int subtask =
          org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(
              k, 128, 2);
      events[subtask]++;
      rooms[subtask].add(k);
    }
    line(
        report,
        "keyBy at p2: subtask 0 %d events (%d rooms), subtask 1 %d events (%d rooms): the busier"
            + " one has %.1f %% (a p2/p1 ceiling of %.2f)",
        events[0],
        rooms[0].size(),
        events[1],
        rooms[1].size(),
        100.0 * Math.max(events[0], events[1]) / keys.size(),
        (double) keys.size() / Math.max(events[0], events[1]));
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException e) {
      return "?";
    }
  }

  private static double rate(int events, long nanos) {
    return events / (nanos / 1e9);
  }

  private static void line(StringBuilder b, String format, Object... args) {
    b.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
