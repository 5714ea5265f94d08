package io.liveguard.stream.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM, in KRaft mode (one node that is both controller and broker), on
 * loopback ports, with its log in a temporary directory that {@link #close()} deletes.
 *
 * <p>Time retention is checked every second (production: every 5 minutes), so records whose
 * timestamps are older than the retention disappear during a test, as they would on a real broker
 * sooner or later.
 *
 * <p>Configured for transactions on one node (replication factor 1 for the internal topics), so
 * exactly-once sinks and {@code read_committed} consumers work as on a cluster.
 */
public final class KraftBroker implements AutoCloseable {

  private final Path dir;
  private final KafkaRaftServer server;
  private final String bootstrap;

  private KraftBroker(Path dir, KafkaRaftServer server, String bootstrap) {
    this.dir = dir;
    this.server = server;
    this.bootstrap = bootstrap;
  }

  /** Formats a fresh log directory and starts a broker on free loopback ports. */
  public static KraftBroker start() throws Exception {
    Path dir = Files.createTempDirectory("liveguard-kraft");
    int brokerPort = freePort();
    int controllerPort = freePort();
    String logDir = dir.resolve("log").toString();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir);
    p.put("num.partitions", "2");
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "2");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "2");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    p.put("transaction.max.timeout.ms", "900000");
    // Time retention (7 days, the default) is checked every second from the first second, instead
    // of every 5 minutes after the first 30 s: a record the broker would delete (a timestamp older
    // than the retention) is deleted while the test runs, every time, not by chance when a 5-minute
    // tick falls inside it.
    p.put("log.retention.check.interval.ms", "1000");
    p.put("log.initial.task.delay.ms", "1000");
    KafkaConfig config = KafkaConfig.fromProps(p, false);

    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(1)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logDir))
        .setMetadataLogDirectory(logDir)
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setSupportedFeatures(Features.PRODUCTION_FEATURES)
        .setControllerListenerName("CONTROLLER")
        .run();

    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    KraftBroker broker = new KraftBroker(dir, server, "127.0.0.1:" + brokerPort);
    broker.awaitReady();
    return broker;
  }

  /** The bootstrap servers string for clients. */
  public String bootstrapServers() {
    return bootstrap;
  }

  /** Creates topics with the given number of partitions each, replication factor 1. */
  public void createTopics(int partitions, String... names) throws Exception {
    List<NewTopic> topics = new ArrayList<>();
    for (String n : names) {
      topics.add(new NewTopic(n, partitions, (short) 1));
    }
    try (Admin admin = admin()) {
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
    }
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            30_000));
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = admin()) {
        if (!admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the KRaft broker did not come up within 60 s", last);
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
    server.awaitShutdown();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }
}
