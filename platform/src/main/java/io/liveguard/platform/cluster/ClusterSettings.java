package io.liveguard.platform.cluster;

import java.time.Duration;
import org.springframework.core.env.Environment;

/**
 * Where the platform analyses what it ingests: {@code liveguard.analysis=embedded} (default: in
 * process) or {@code cluster} (Kafka and the Flink job of module {@code stream}), with the cluster
 * mode's Kafka settings. Read and checked at start-up: a wrong value stops the application with a
 * message naming the property.
 *
 * @param mode {@code embedded} or {@code cluster}
 * @param bootstrapServers {@code liveguard.cluster.bootstrap-servers}, required in cluster mode
 * @param eventsTopic {@code liveguard.cluster.events-topic}
 * @param findingsTopic {@code liveguard.cluster.findings-topic}
 * @param groupId {@code liveguard.cluster.group-id}: the consumer group reading findings
 * @param ackTimeout {@code liveguard.cluster.ack-timeout}: how long a published batch may wait for
 *     the brokers' acknowledgement before it is retried
 * @param referenceTopic {@code liveguard.cluster.reference-topic}: the compacted topic of the
 *     registry's reference data and the rule overlay, for the job's broadcast state
 * @param referenceInterval {@code liveguard.cluster.reference-interval}: how often the registry's
 *     reference data is compared with what was published (rule changes are published at once)
 */
public record ClusterSettings(
    String mode,
    String bootstrapServers,
    String eventsTopic,
    String findingsTopic,
    String groupId,
    Duration ackTimeout,
    String referenceTopic,
    Duration referenceInterval) {

  public static final String EMBEDDED = "embedded";
  public static final String CLUSTER = "cluster";

  /** The settings in {@code env}, checked. */
  public static ClusterSettings from(Environment env) {
    // exactly one of the two words: the beans of each mode are chosen by the same property
    String mode = env.getProperty("liveguard.analysis", EMBEDDED);
    if (!mode.equals(EMBEDDED) && !mode.equals(CLUSTER)) {
      throw new IllegalStateException(
          "liveguard.analysis must be \"embedded\" or \"cluster\", was \""
              + env.getProperty("liveguard.analysis")
              + "\"");
    }
    String servers = env.getProperty("liveguard.cluster.bootstrap-servers", "").trim();
    if (mode.equals(CLUSTER) && servers.isEmpty()) {
      throw new IllegalStateException(
          "liveguard.analysis=cluster needs liveguard.cluster.bootstrap-servers (host:port,…)");
    }
    Duration ack =
        env.getProperty("liveguard.cluster.ack-timeout", Duration.class, Duration.ofSeconds(30));
    if (ack.isNegative() || ack.isZero()) {
      throw new IllegalStateException("liveguard.cluster.ack-timeout must be positive, was " + ack);
    }
    Duration interval =
        env.getProperty(
            "liveguard.cluster.reference-interval", Duration.class, Duration.ofSeconds(30));
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalStateException(
          "liveguard.cluster.reference-interval must be positive, was " + interval);
    }
    return new ClusterSettings(
        mode,
        servers,
        nonBlank(env, "liveguard.cluster.events-topic", "liveguard.events.v1"),
        nonBlank(env, "liveguard.cluster.findings-topic", "liveguard.findings.v1"),
        nonBlank(env, "liveguard.cluster.group-id", "liveguard-platform"),
        ack,
        nonBlank(env, "liveguard.cluster.reference-topic", "liveguard.reference.v1"),
        interval);
  }

  private static String nonBlank(Environment env, String name, String fallback) {
    String v = env.getProperty(name, fallback).trim();
    if (v.isEmpty()) {
      throw new IllegalStateException(name + " must not be blank");
    }
    return v;
  }

  /** Whether the platform runs in cluster mode. */
  public boolean cluster() {
    return mode.equals(CLUSTER);
  }

  /**
   * The name of this mode's row in {@code analysis_cursor}: how far events were analysed or
   * published.
   */
  public String cursor() {
    return cluster() ? EventRelay.CURSOR : "live";
  }
}
