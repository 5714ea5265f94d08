package io.liveguard.stream.reference;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the reference topic. A record that cannot be read is logged with the reason and skipped —
 * the job keeps the previous data of that kind — so that one bad record cannot stop the job in a
 * restart loop; the publisher's next record of the kind replaces it.
 */
public final class ReferenceDeserializer
    implements KafkaRecordDeserializationSchema<ReferenceUpdate> {

  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(ReferenceDeserializer.class);

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<ReferenceUpdate> out) {
    String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
    try {
      out.collect(ReferenceCodec.read(key, value));
    } catch (IllegalArgumentException e) {
      log.error(
          "reference record {}-{}@{} skipped, the previous data of its kind stays in force: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
    }
  }

  @Override
  public TypeInformation<ReferenceUpdate> getProducedType() {
    return Types.POJO(ReferenceUpdate.class);
  }
}
