package io.liveguard.stream.client;

import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventJson;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes accepted events to the events topic, keyed by room, for the platform in cluster mode
 * and for capture and recognition workers.
 *
 * <p>The producer is idempotent with {@code acks=all}: the future of {@link #publish} completes
 * when every in-sync replica has the event, so an ingest endpoint that answers only then has lost
 * nothing it acknowledged. A retry after a timeout may write the event twice; the job drops the
 * second copy by its id. Thread-safe; close it to flush.
 *
 * <p>The record's timestamp is the time of publication, not the event's time ({@code at}, in the
 * JSON, which is what the job orders by): Kafka's time retention counts from the record timestamp,
 * and an event stored days ago and relayed late must not be deleted by the broker before the job
 * reads it.
 */
public final class EventPublisher implements AutoCloseable {

  private final Producer<byte[], byte[]> producer;
  private final String topic;

  /**
   * A publisher to {@code topic} on {@code bootstrapServers}.
   *
   * @param extra further producer settings (security, client id …), may be empty
   */
  public EventPublisher(String bootstrapServers, String topic, Map<String, Object> extra) {
    this.topic = Objects.requireNonNull(topic, "topic");
    Map<String, Object> config = new java.util.HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Publishes a parsed event in the ingest API's JSON. */
  public CompletableFuture<RecordMetadata> publish(Event event) {
    return publish(EventRecord.of(event, EventJson.write(event)));
  }

  /** Publishes an event as received (its JSON unchanged), keyed by its room. */
  public CompletableFuture<RecordMetadata> publish(EventRecord event) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(
            topic,
            null,
            null,
            event.key().getBytes(StandardCharsets.UTF_8),
            event.json().getBytes(StandardCharsets.UTF_8));
    r.headers().add(Topics.SCHEMA_HEADER, Topics.EVENT_SCHEMA.getBytes(StandardCharsets.UTF_8));
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

  /** Sends everything buffered and waits for the acknowledgements. */
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
