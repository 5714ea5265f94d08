package io.liveguard.stream.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/** Writes event values to a topic and reads a topic back, as a platform would. */
public final class TopicIo {

  private TopicIo() {}

  /** The partition Kafka's default partitioner picks for a key. */
  public static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * Sends values keyed by {@code keys} (same index) with an idempotent producer, each to the
   * partition of its key; returns how many records each partition received.
   */
  public static Map<Integer, Long> send(
      String bootstrap, String topic, int partitions, List<String> keys, List<byte[]> values) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    Map<Integer, Long> counts = new HashMap<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < values.size(); i++) {
        String key = keys.get(i);
        int partition = partitionOf(key, partitions);
        counts.merge(partition, 1L, Long::sum);
        producer.send(
            new ProducerRecord<>(
                topic, partition, key.getBytes(StandardCharsets.UTF_8), values.get(i)));
      }
      producer.flush();
    }
    return counts;
  }

  /** Every committed record of a topic, partition by partition, in offset order. */
  public static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo info : c.partitionsFor(topic)) {
        parts.add(new TopicPartition(topic, info.partition()));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end in 60 s");
        }
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  /**
   * Every committed record of a topic once no transaction on it is open any more: waits until the
   * last stable offset of every partition (the end a {@code read_committed} reader sees) has
   * reached its high watermark. A transaction still open when a reader looks hides everything after
   * its first record on that partition, including records other producers committed later, so a
   * reader that looks too early sees a subset of the committed findings.
   *
   * @throws IllegalStateException naming the partition if a transaction stays open for {@code
   *     patience}
   */
  public static List<ConsumerRecord<byte[], byte[]>> readSettled(
      String bootstrap, String topic, Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      Map<TopicPartition, Long> stable = ends(bootstrap, topic, "read_committed");
      Map<TopicPartition, Long> high = ends(bootstrap, topic, "read_uncommitted");
      if (stable.equals(high)) {
        return readCommitted(bootstrap, topic);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "a transaction on "
                + topic
                + " stayed open for "
                + patience
                + ": last stable offsets "
                + stable
                + ", high watermarks "
                + high);
      }
      Thread.sleep(200);
    }
  }

  /**
   * The first offset still in the log of every partition: above 0 once the broker deleted records
   * (retention).
   */
  public static Map<TopicPartition, Long> logStartOffsets(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo info : c.partitionsFor(topic)) {
        parts.add(new TopicPartition(topic, info.partition()));
      }
      Map<TopicPartition, Long> out =
          new java.util.TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition));
      out.putAll(c.beginningOffsets(parts));
      return out;
    }
  }

  private static Map<TopicPartition, Long> ends(String bootstrap, String topic, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo info : c.partitionsFor(topic)) {
        parts.add(new TopicPartition(topic, info.partition()));
      }
      return new HashMap<>(c.endOffsets(parts));
    }
  }
}
