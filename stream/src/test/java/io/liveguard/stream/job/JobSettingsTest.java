package io.liveguard.stream.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.stream.topic.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

  @Test
  void fillsDefaultsAroundTheBootstrapServers() {
    JobSettings s = JobSettings.parse(new String[] {"--bootstrap-servers", "kafka:9092"});
    assertThat(s.eventsTopic()).isEqualTo(Topics.EVENTS);
    assertThat(s.findingsTopic()).isEqualTo(Topics.FINDINGS);
    assertThat(s.outOfOrderness()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.stateTtl()).isEqualTo(Duration.ofHours(6));
    assertThat(s.transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void readsEveryDurationUnit() {
    JobSettings s =
        JobSettings.parse(
            new String[] {
              "--bootstrap-servers", "k:1", "--out-of-orderness", "500ms", "--idleness", "1min",
              "--state-ttl", "2d", "--checkpoint-interval", "10s", "--transaction-timeout", "1h"
            });
    assertThat(s.outOfOrderness()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.idleness()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.stateTtl()).isEqualTo(Duration.ofDays(2));
    assertThat(s.transactionTimeout()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void namesTheFlagThatIsWrong() {
    assertThatThrownBy(() -> JobSettings.parse(new String[] {}))
        .hasMessage("--bootstrap-servers is required");
    assertThatThrownBy(() -> JobSettings.parse(new String[] {"--bootstrap", "k:1"}))
        .hasMessageStartingWith("unknown option \"--bootstrap\"; options: --bootstrap-servers");
    assertThatThrownBy(() -> JobSettings.parse(new String[] {"--bootstrap-servers"}))
        .hasMessage("option --bootstrap-servers needs a value");
    assertThatThrownBy(
            () ->
                JobSettings.parse(new String[] {"--bootstrap-servers", "k:1", "--state-ttl", "6"}))
        .hasMessage("--state-ttl: \"6\" is not a duration (write 500ms, 5s, 10min, 6h or 1d)");
    assertThatThrownBy(
            () ->
                JobSettings.parse(new String[] {"--bootstrap-servers", "k:1", "--idleness", "0s"}))
        .hasMessage("--idleness must be positive, was PT0S");
    assertThatThrownBy(
            () ->
                JobSettings.parse(
                    new String[] {"--bootstrap-servers", "k:1", "--checkpoint-interval", "20min"}))
        .hasMessageContaining("--transaction-timeout (PT10M) must be longer than");
  }

  @Test
  void readsTheReferenceTopicAndTheKindsToWaitFor() {
    JobSettings d = JobSettings.defaults("k:1");
    assertThat(d.referenceTopic()).isEqualTo(Topics.REFERENCE);
    assertThat(d.referenceKinds()).containsExactlyInAnyOrder("authorised-sellers", "rules");
    assertThat(d.reference()).isTrue();
    JobSettings none =
        JobSettings.parse(
            new String[] {
              "--bootstrap-servers", "k:1", "--reference-topic", "none", "--reference-kinds", "none"
            });
    assertThat(none.reference()).isFalse();
    assertThat(none.referenceKinds()).isEmpty();
    assertThatThrownBy(
            () ->
                JobSettings.parse(
                    new String[] {"--bootstrap-servers", "k:1", "--reference-topic", "none"}))
        .hasMessage(
            "--reference-kinds authorised-sellers,rules needs a --reference-topic (was \"none\");"
                + " give --reference-kinds none");
  }
}
