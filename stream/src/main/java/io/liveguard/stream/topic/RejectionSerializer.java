package io.liveguard.stream.topic;

import io.liveguard.detect.FindingJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a rejected record to the rejected topic as {@code {"schema":…,"topic":…,"partition":…,
 * "offset":…,"error":…,"value_base64":…}}, keyed by its source position.
 */
public final class RejectionSerializer implements KafkaRecordSerializationSchema<Rejection> {

  private static final long serialVersionUID = 1L;

  private final String topic;

  public RejectionSerializer(String topic) {
    this.topic = topic;
  }

  /** The JSON value of a rejection. */
  public static String toJson(Rejection r) {
    StringBuilder b = new StringBuilder(r.value().length() + 256);
    b.append("{\"schema\":");
    FindingJson.string(b, Topics.REJECTED_SCHEMA);
    b.append(",\"topic\":");
    FindingJson.string(b, r.topic());
    b.append(",\"partition\":").append(r.partition());
    b.append(",\"offset\":").append(r.offset());
    b.append(",\"error\":");
    FindingJson.string(b, r.reason());
    b.append(",\"value_base64\":");
    FindingJson.string(b, r.value());
    return b.append('}').toString();
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      Rejection r, KafkaSinkContext context, Long timestamp) {
    ProducerRecord<byte[], byte[]> p =
        new ProducerRecord<>(
            topic,
            (r.topic() + "/" + r.partition() + "@" + r.offset()).getBytes(StandardCharsets.UTF_8),
            toJson(r).getBytes(StandardCharsets.UTF_8));
    p.headers().add(Topics.SCHEMA_HEADER, Topics.REJECTED_SCHEMA.getBytes(StandardCharsets.UTF_8));
    return p;
  }
}
