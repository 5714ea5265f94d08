package io.liveguard.stream.client;

import io.liveguard.stream.reference.ReferenceCodec;
import io.liveguard.stream.reference.ReferenceUpdate;
import io.liveguard.stream.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the platform's reference data (the authorised-seller register, the rule overlay) to the
 * compacted reference topic, one record per kind keyed by the kind, for the job's broadcast state.
 *
 * <p>Idempotent producer with {@code acks=all}; each record replaces the previous one of its kind,
 * so the topic (compacted) always holds the latest of every kind and a job started later reads it
 * from the beginning. Thread-safe; close it to flush.
 */
public final class ReferencePublisher implements AutoCloseable {

  /** Largest reference value, in bytes (topic {@code max.message.bytes} is set to it). */
  public static final int MAX_VALUE_BYTES = 8 * 1024 * 1024;

  private final Producer<byte[], byte[]> producer;
  private final String topic;

  /**
   * A publisher to {@code topic} on {@code bootstrapServers}.
   *
   * @param extra further producer settings (security, client id …), may be empty
   */
  public ReferencePublisher(String bootstrapServers, String topic, Map<String, Object> extra) {
    this.topic = Objects.requireNonNull(topic, "topic");
    Map<String, Object> config = new HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_VALUE_BYTES + 64 * 1024);
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Creates the topic as {@link #createTopic(String, String, short, Map)} does, replicated to three
   * brokers (or all of them, when the cluster has fewer).
   */
  public static void createTopic(String bootstrapServers, String topic, Map<String, Object> extra)
      throws Exception {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    int brokers;
    try (Admin admin = Admin.create(config)) {
      brokers = admin.describeCluster().nodes().get().size();
    }
    createTopic(bootstrapServers, topic, (short) Math.max(1, Math.min(3, brokers)), extra);
  }

  /**
   * Creates the topic, compacted with one partition (records of all kinds in one order), unless it
   * exists.
   */
  public static void createTopic(
      String bootstrapServers, String topic, short replication, Map<String, Object> extra)
      throws Exception {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(config)) {
      NewTopic t =
          new NewTopic(topic, 1, replication)
              .configs(
                  Map.of(
                      "cleanup.policy",
                      "compact",
                      "max.message.bytes",
                      Integer.toString(MAX_VALUE_BYTES + 64 * 1024)));
      admin.createTopics(java.util.List.of(t)).all().get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  /** Publishes the latest data of one kind; completes when the brokers have it. */
  public CompletableFuture<RecordMetadata> publish(ReferenceUpdate update) {
    byte[] value =
        update.data() == null
            ? null
            : ReferenceCodec.write(update).getBytes(StandardCharsets.UTF_8);
    if (value != null && value.length > MAX_VALUE_BYTES) {
      throw new IllegalArgumentException(
          "reference \""
              + update.kind()
              + "\" of "
              + value.length
              + " bytes exceeds the limit of "
              + MAX_VALUE_BYTES
              + " bytes");
    }
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(topic, update.kind().getBytes(StandardCharsets.UTF_8), value);
    r.headers().add(Topics.SCHEMA_HEADER, Topics.REFERENCE_SCHEMA.getBytes(StandardCharsets.UTF_8));
    CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
    producer.send(
        r,
        (metadata, error) -> {
          if (error != null) {
            done.completeExceptionally(error);
          } else {
            done.complete(metadata);
          }
        });
    return done;
  }

  @Override
  public void close() {
    producer.close();
  }
}
