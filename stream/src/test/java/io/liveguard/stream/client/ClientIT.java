package io.liveguard.stream.client;

import static io.liveguard.stream.testing.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.detect.Channel;
import io.liveguard.detect.Finding;
import io.liveguard.detect.Severity;
import io.liveguard.stream.testing.Events;
import io.liveguard.stream.testing.KraftBroker;
import io.liveguard.stream.testing.TopicIo;
import io.liveguard.stream.topic.EventReader;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import io.liveguard.stream.topic.FindingSerializer;
import io.liveguard.stream.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The platform's side of cluster mode on a real KRaft broker: publishing events, reading findings.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ClientIT {

  private static KraftBroker kafka;

  @BeforeAll
  static void start() throws Exception {
    kafka = KraftBroker.start();
    kafka.createTopics(2, "client.events", "client.findings");
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void publishesEventsKeyedByRoomWithTheirJsonUnchangedAndASchemaHeader() throws Exception {
    List<String> sent = Events.sessions(3, 5, 9L);
    long before = System.currentTimeMillis();
    try (EventPublisher publisher =
        new EventPublisher(kafka.bootstrapServers(), "client.events", Map.of())) {
      for (String json : sent) {
        publisher.publish(Events.record(json)).get(30, TimeUnit.SECONDS);
      }
    }
    long after = System.currentTimeMillis();
    // The events are from 2025, beyond the broker's 7-day retention, which it checks every second:
    // stamped with their event time, they would be deleted before the job read them.
    Thread.sleep(3_000);
    List<ConsumerRecord<byte[], byte[]>> read =
        TopicIo.readCommitted(kafka.bootstrapServers(), "client.events");
    assertThat(read).hasSize(sent.size());
    assertThat(read).allSatisfy(r -> assertThat(r.timestamp()).isBetween(before, after));
    List<String> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : read) {
      EventRecord e = EventReader.read(r.value());
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(e.key());
      assertThat(r.partition()).isEqualTo(TopicIo.partitionOf(e.key(), 2));
      assertThat(
              new String(
                  r.headers().lastHeader(Topics.SCHEMA_HEADER).value(), StandardCharsets.UTF_8))
          .isEqualTo(Topics.EVENT_SCHEMA);
      values.add(e.json());
    }
    assertThat(values).containsExactlyInAnyOrderElementsOf(sent);
  }

  private static FindingRecord finding(String eventId) {
    Finding f =
        new Finding(
            "ABS-PRICE",
            "absolute",
            Severity.WARNING,
            Channel.SPEECH,
            2,
            7,
            "全网最低价",
            "全网最低价",
            List.of(),
            "不得宣称",
            "直播间优惠价",
            List.of());
    return FindingRecord.of("douyin/r-1", "s-1", T0, new String[] {eventId}, f);
  }

  @Test
  void readsOnlyCommittedFindingsAndARedeliveryCarriesTheSameIds() throws Exception {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "client-it");
    FindingSerializer serializer = new FindingSerializer("client.findings");
    try (KafkaProducer<byte[], byte[]> p =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      p.initTransactions();
      p.beginTransaction();
      p.send(serializer.serialize(finding("e-1"), null, null));
      p.send(serializer.serialize(finding("e-2"), null, null));
      p.commitTransaction();
      p.beginTransaction();
      p.send(serializer.serialize(finding("e-aborted"), null, null));
      p.flush();
      p.abortTransaction();
      p.beginTransaction();
      p.send(serializer.serialize(finding("e-3"), null, null));
      p.commitTransaction();
    }
    Set<String> expected = Set.of(finding("e-1").id(), finding("e-2").id(), finding("e-3").id());

    // The platform's store: insert-if-absent on the finding id.
    Set<String> leads = new LinkedHashSet<>();
    List<String> delivered = new ArrayList<>();
    try (FindingsSubscriber s = subscriber()) {
      drain(s, delivered, leads, 3);
      // Crash before commit: nothing committed.
    }
    try (FindingsSubscriber s = subscriber()) {
      drain(s, delivered, leads, 6);
      s.commit();
    }
    assertThat(delivered).hasSize(6);
    assertThat(leads).containsExactlyInAnyOrderElementsOf(expected);
    try (FindingsSubscriber s = subscriber()) {
      assertThat(s.poll(Duration.ofSeconds(3))).isEmpty();
    }
  }

  @Test
  void refusesARecordThatIsNotAFindingOfAKnownSchema() {
    assertThatThrownBy(() -> PublishedFinding.parse("{\"schema\":\"liveguard.finding.v9\"}", 0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("findings record at 0@5 is not a liveguard.finding.v1 object");
    assertThatThrownBy(() -> PublishedFinding.parse("nope", 1, 2))
        .hasMessage("findings record at 1@2 is not JSON");
    PublishedFinding f = PublishedFinding.parse(finding("e-1").toJson(), 1, 2);
    assertThat(f.id()).isEqualTo(finding("e-1").id());
    assertThat(f.events()).containsExactly("e-1");
    assertThat(f.room()).isEqualTo("douyin/r-1");
    assertThat(f.finding()).contains("\"rule\":\"ABS-PRICE\"");
  }

  private static FindingsSubscriber subscriber() {
    return new FindingsSubscriber(
        kafka.bootstrapServers(), "client.findings", "platform-leads", Map.of());
  }

  private static void drain(
      FindingsSubscriber s, List<String> delivered, Set<String> leads, int until) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (delivered.size() < until) {
      assertThat(System.nanoTime()).as("findings within 60 s").isLessThan(deadline);
      for (PublishedFinding f : s.poll(Duration.ofMillis(500))) {
        delivered.add(f.id());
        leads.add(f.id());
      }
    }
  }
}
