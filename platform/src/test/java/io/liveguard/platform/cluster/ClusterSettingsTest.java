package io.liveguard.platform.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.mock.env.MockEnvironment;

class ClusterSettingsTest {

  private static MockEnvironment env() {
    MockEnvironment env = new MockEnvironment();
    env.setConversionService(new ApplicationConversionService());
    return env;
  }

  @Test
  void embeddedIsTheDefaultAndNeedsNoKafka() {
    ClusterSettings s = ClusterSettings.from(env());
    assertThat(s.cluster()).isFalse();
    assertThat(s.cursor()).isEqualTo("live");
    assertThat(s.eventsTopic()).isEqualTo("liveguard.events.v1");
    assertThat(s.findingsTopic()).isEqualTo("liveguard.findings.v1");
    assertThat(s.ackTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void clusterModeReadsItsSettings() {
    ClusterSettings s =
        ClusterSettings.from(
            env()
                .withProperty("liveguard.analysis", "cluster")
                .withProperty("liveguard.cluster.bootstrap-servers", "k1:9092,k2:9092")
                .withProperty("liveguard.cluster.group-id", "province-a")
                .withProperty("liveguard.cluster.ack-timeout", "5s"));
    assertThat(s.cluster()).isTrue();
    assertThat(s.cursor()).isEqualTo(EventRelay.CURSOR);
    assertThat(s.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(s.groupId()).isEqualTo("province-a");
    assertThat(s.ackTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.referenceTopic()).isEqualTo("liveguard.reference.v1");
    assertThat(s.referenceInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aWrongSettingStopsTheStartWithThePropertyNamed() {
    assertThatThrownBy(
            () -> ClusterSettings.from(env().withProperty("liveguard.analysis", "clustr")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("liveguard.analysis must be \"embedded\" or \"cluster\", was \"clustr\"");
    assertThatThrownBy(
            () -> ClusterSettings.from(env().withProperty("liveguard.analysis", " Cluster")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("liveguard.analysis must be \"embedded\" or \"cluster\", was \" Cluster\"");
    assertThatThrownBy(
            () -> ClusterSettings.from(env().withProperty("liveguard.analysis", "cluster")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "liveguard.analysis=cluster needs liveguard.cluster.bootstrap-servers (host:port,…)");
    assertThatThrownBy(
            () ->
                ClusterSettings.from(
                    env()
                        .withProperty("liveguard.analysis", "cluster")
                        .withProperty("liveguard.cluster.bootstrap-servers", "k:9092")
                        .withProperty("liveguard.cluster.findings-topic", " ")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("liveguard.cluster.findings-topic must not be blank");
    assertThatThrownBy(
            () -> ClusterSettings.from(env().withProperty("liveguard.cluster.ack-timeout", "0s")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("liveguard.cluster.ack-timeout must be positive, was PT0S");
    assertThatThrownBy(
            () ->
                ClusterSettings.from(
                    env().withProperty("liveguard.cluster.reference-interval", "-1s")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("liveguard.cluster.reference-interval must be positive, was PT-1S");
  }
}
