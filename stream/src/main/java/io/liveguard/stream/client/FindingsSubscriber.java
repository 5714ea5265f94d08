package io.liveguard.stream.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the findings topic for the platform in cluster mode: committed records only ({@code
 * read_committed}), in a consumer group, offsets committed by the caller after it has stored the
 * findings.
 *
 * <p>Delivery is at least once: a crash between storing and {@link #commit()} delivers the same
 * findings again, with the same ids. The caller makes it effectively once by storing findings under
 * a unique key on {@link PublishedFinding#id()} (insert-if-absent). Not thread-safe: one thread
 * polls, as with any Kafka consumer.
 */
public final class FindingsSubscriber implements AutoCloseable {

  private final Consumer<byte[], byte[]> consumer;

  /**
   * A subscriber in consumer group {@code groupId}; a new group starts at the earliest finding.
   *
   * @param extra further consumer settings (security, client id …), may be empty
   */
  public FindingsSubscriber(
      String bootstrapServers, String topic, String groupId, Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, Objects.requireNonNull(groupId, "groupId"));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    this.consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
  }

  /**
   * Waits up to {@code timeout} for findings.
   *
   * @throws IllegalArgumentException if a record is not a finding of a known schema (the offsets
   *     are not committed, so it is not skipped silently)
   */
  public List<PublishedFinding> poll(Duration timeout) {
    List<PublishedFinding> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
      out.add(
          PublishedFinding.parse(
              new String(r.value(), StandardCharsets.UTF_8), r.partition(), r.offset()));
    }
    return out;
  }

  /** Commits the offsets of everything returned by {@link #poll} so far. */
  public void commit() {
    consumer.commitSync();
  }

  @Override
  public void close() {
    consumer.close();
  }
}
