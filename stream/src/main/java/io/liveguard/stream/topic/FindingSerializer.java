package io.liveguard.stream.topic;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a finding to the findings topic, keyed by room, with its schema header.
 *
 * <p>The record's timestamp is the time it is written (the producer's clock), not the finding's
 * event time ({@code at}, in the value): Kafka's time retention counts from the record timestamp,
 * so findings of a replayed past session, stamped with their event time, were deleted by the broker
 * minutes after they were committed (docs/stream.md, "Record timestamps").
 */
public final class FindingSerializer implements KafkaRecordSerializationSchema<FindingRecord> {

  private static final long serialVersionUID = 1L;

  private final String topic;

  public FindingSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      FindingRecord f, KafkaSinkContext context, Long timestamp) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(
            topic,
            null,
            null,
            f.key().getBytes(StandardCharsets.UTF_8),
            f.toJson().getBytes(StandardCharsets.UTF_8));
    r.headers()
        .add(Topics.SCHEMA_HEADER, Topics.FINDING_SCHEMA.getBytes(StandardCharsets.UTF_8))
        .add("liveguard-finding-id", f.id().getBytes(StandardCharsets.UTF_8));
    return r;
  }
}
