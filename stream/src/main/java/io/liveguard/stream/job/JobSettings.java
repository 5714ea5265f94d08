package io.liveguard.stream.job;

import io.liveguard.stream.topic.Topics;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of the room-analysis job, validated when parsed so that a bad flag fails at submit
 * time with a message naming it, not hours later in a task.
 *
 * @param bootstrapServers Kafka bootstrap servers, {@code host:port[,host:port…]}
 * @param eventsTopic topic the events are read from
 * @param findingsTopic topic the findings are written to
 * @param rejectedTopic topic unreadable event records are written to
 * @param groupId consumer group of the source (offsets are also kept in Flink checkpoints)
 * @param transactionalIdPrefix prefix of the sink's Kafka transactional ids; unique per job
 * @param outOfOrderness how far behind the newest event an event may arrive and still be analysed
 *     in order
 * @param idleness after how long without records a partition stops holding the watermark back
 * @param stateTtl how long a room's state outlives its last event
 * @param checkpointInterval how often the job checkpoints; findings become visible to {@code
 *     read_committed} consumers at each checkpoint
 * @param transactionTimeout Kafka transaction timeout of the sink; at most the broker's {@code
 *     transaction.max.timeout.ms} (15 min by default) and longer than the checkpoint interval
 * @param referenceTopic the compacted topic of the platform's reference data (authorised sellers,
 *     rule overlay), read from its start into broadcast state; {@code none} reads none
 * @param referenceKinds the reference kinds that must have arrived before events are analysed
 */
public record JobSettings(
    String bootstrapServers,
    String eventsTopic,
    String findingsTopic,
    String rejectedTopic,
    String groupId,
    String transactionalIdPrefix,
    Duration outOfOrderness,
    Duration idleness,
    Duration stateTtl,
    Duration checkpointInterval,
    Duration transactionTimeout,
    String referenceTopic,
    java.util.Set<String> referenceKinds) {

  /** The value of {@code --reference-topic} that turns reference data off. */
  public static final String NO_REFERENCE = "none";

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|min|h|d)");

  public JobSettings {
    require(bootstrapServers, "bootstrap-servers");
    require(eventsTopic, "events-topic");
    require(findingsTopic, "findings-topic");
    require(rejectedTopic, "rejected-topic");
    require(groupId, "group-id");
    require(transactionalIdPrefix, "transactional-id-prefix");
    positive(outOfOrderness, "out-of-orderness", true);
    positive(idleness, "idleness", false);
    positive(stateTtl, "state-ttl", false);
    positive(checkpointInterval, "checkpoint-interval", false);
    positive(transactionTimeout, "transaction-timeout", false);
    require(referenceTopic, "reference-topic");
    referenceKinds = java.util.Set.copyOf(referenceKinds);
    if (referenceTopic.equals(NO_REFERENCE) && !referenceKinds.isEmpty()) {
      throw new IllegalArgumentException(
          "--reference-kinds "
              + String.join(",", new java.util.TreeSet<>(referenceKinds))
              + " needs a --reference-topic (was \"none\"); give --reference-kinds none");
    }
    if (transactionTimeout.compareTo(checkpointInterval) <= 0) {
      throw new IllegalArgumentException(
          "--transaction-timeout ("
              + transactionTimeout
              + ") must be longer than --checkpoint-interval ("
              + checkpointInterval
              + "), or open transactions expire before they are committed");
    }
  }

  /** Settings for a broker, every other value at its default. */
  public static JobSettings defaults(String bootstrapServers) {
    return parse(new String[] {"--bootstrap-servers", bootstrapServers});
  }

  /**
   * Parses {@code --name value} pairs. Durations are written {@code 500ms}, {@code 5s}, {@code
   * 10min}, {@code 6h}, {@code 1d}.
   *
   * @throws IllegalArgumentException naming the flag and the accepted form
   */
  public static JobSettings parse(String[] args) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("bootstrap-servers", null);
    v.put("events-topic", Topics.EVENTS);
    v.put("findings-topic", Topics.FINDINGS);
    v.put("rejected-topic", Topics.REJECTED);
    v.put("group-id", "liveguard-stream");
    v.put("transactional-id-prefix", "liveguard-stream");
    v.put("out-of-orderness", "5s");
    v.put("idleness", "30s");
    v.put("state-ttl", "6h");
    v.put("checkpoint-interval", "30s");
    v.put("transaction-timeout", "10min");
    v.put("reference-topic", Topics.REFERENCE);
    v.put("reference-kinds", "authorised-sellers,rules");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || !v.containsKey(a.substring(2))) {
        throw new IllegalArgumentException(
            "unknown option \"" + a + "\"; options: --" + String.join(", --", v.keySet()));
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + a + " needs a value");
      }
      v.put(a.substring(2), args[++i]);
    }
    return new JobSettings(
        v.get("bootstrap-servers"),
        v.get("events-topic"),
        v.get("findings-topic"),
        v.get("rejected-topic"),
        v.get("group-id"),
        v.get("transactional-id-prefix"),
        duration("out-of-orderness", v.get("out-of-orderness")),
        duration("idleness", v.get("idleness")),
        duration("state-ttl", v.get("state-ttl")),
        duration("checkpoint-interval", v.get("checkpoint-interval")),
        duration("transaction-timeout", v.get("transaction-timeout")),
        v.get("reference-topic").trim(),
        kinds(v.get("reference-kinds")));
  }

  private static java.util.Set<String> kinds(String s) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    if (s.trim().equals(NO_REFERENCE)) {
      return out;
    }
    for (String k : s.split(",")) {
      if (!k.isBlank()) {
        out.add(k.trim());
      }
    }
    return out;
  }

  /** Whether the job reads reference data. */
  public boolean reference() {
    return !referenceTopic.equals(NO_REFERENCE);
  }

  /** A copy that reads reference data from {@code topic} and waits for {@code kinds}. */
  public JobSettings withReference(String topic, java.util.Set<String> kinds) {
    return new JobSettings(
        bootstrapServers,
        eventsTopic,
        findingsTopic,
        rejectedTopic,
        groupId,
        transactionalIdPrefix,
        outOfOrderness,
        idleness,
        stateTtl,
        checkpointInterval,
        transactionTimeout,
        topic,
        kinds);
  }

  /** A copy with other durations for the watermark and checkpoints (tests use short ones). */
  public JobSettings withTiming(
      Duration outOfOrderness, Duration idleness, Duration checkpointInterval) {
    return new JobSettings(
        bootstrapServers,
        eventsTopic,
        findingsTopic,
        rejectedTopic,
        groupId,
        transactionalIdPrefix,
        outOfOrderness,
        idleness,
        stateTtl,
        checkpointInterval,
        transactionTimeout,
        referenceTopic,
        referenceKinds);
  }

  /** A copy with other topics, consumer group and transactional-id prefix. */
  public JobSettings withNames(
      String eventsTopic, String findingsTopic, String rejectedTopic, String groupId) {
    return new JobSettings(
        bootstrapServers,
        eventsTopic,
        findingsTopic,
        rejectedTopic,
        groupId,
        groupId,
        outOfOrderness,
        idleness,
        stateTtl,
        checkpointInterval,
        transactionTimeout,
        referenceTopic,
        referenceKinds);
  }

  static Duration duration(String flag, String s) {
    Matcher m = DURATION.matcher(s == null ? "" : s.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--" + flag + ": \"" + s + "\" is not a duration (write 500ms, 5s, 10min, 6h or 1d)");
    }
    long n = Long.parseLong(m.group(1));
    try {
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "min" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } catch (ArithmeticException | DateTimeParseException e) {
      throw new IllegalArgumentException("--" + flag + ": \"" + s + "\" is too long", e);
    }
  }

  private static void require(String value, String flag) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("--" + flag + " is required");
    }
  }

  private static void positive(Duration d, String flag, boolean zeroAllowed) {
    if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
      throw new IllegalArgumentException(
          "--" + flag + " must be " + (zeroAllowed ? "zero or more" : "positive") + ", was " + d);
    }
  }
}
