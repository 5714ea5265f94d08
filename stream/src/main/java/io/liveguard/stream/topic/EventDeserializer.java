package io.liveguard.stream.topic;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns each record of the events topic into an {@link Inbound}: the event, or a {@link Rejection}
 * that names the problem and keeps the original bytes. Never throws on bad input, so one poisoned
 * record cannot stop the job in a restart loop.
 */
public final class EventDeserializer implements KafkaRecordDeserializationSchema<Inbound> {

  private static final long serialVersionUID = 1L;

  /** Most bytes of a rejected value copied to the rejected topic (Base64 grows them by 4/3). */
  public static final int MAX_KEPT_BYTES = 256 * 1024;

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Inbound> out) {
    out.collect(read(record.topic(), record.partition(), record.offset(), record));
  }

  static Inbound read(String topic, int partition, long offset, ConsumerRecord<byte[], byte[]> r) {
    byte[] value = r.value();
    Header schema = r.headers().lastHeader(Topics.SCHEMA_HEADER);
    String reason;
    if (schema != null
        && !Topics.EVENT_SCHEMA.equals(new String(schema.value(), StandardCharsets.UTF_8))) {
      reason =
          "unknown schema \""
              + new String(schema.value(), StandardCharsets.UTF_8)
              + "\" in header "
              + Topics.SCHEMA_HEADER
              + " (this job reads "
              + Topics.EVENT_SCHEMA
              + ")";
    } else {
      try {
        return Inbound.of(EventReader.read(value));
      } catch (EventRejectedException e) {
        reason = e.getMessage();
      }
    }
    byte[] kept = value == null ? new byte[0] : value;
    if (kept.length > MAX_KEPT_BYTES) {
      // A rejection must fit one Kafka request; the whole value stays in the events topic.
      reason += " (value cut to its first " + MAX_KEPT_BYTES + " of " + kept.length + " bytes)";
      kept = java.util.Arrays.copyOf(kept, MAX_KEPT_BYTES);
    }
    String original = Base64.getEncoder().encodeToString(kept);
    return Inbound.rejected(new Rejection(topic, partition, offset, reason, original));
  }

  @Override
  public TypeInformation<Inbound> getProducedType() {
    return TypeInformation.of(Inbound.class);
  }
}
