package io.liveguard.stream.topic;

import io.liveguard.detect.Finding;
import io.liveguard.detect.FindingJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One finding on its way to the findings topic: where it was raised, the events it rests on, and
 * the finding's JSON object as {@link FindingJson} writes it.
 *
 * <p>The {@link #id()} is derived from the room, the cited events, the rule and the span, so a
 * replay of the same events yields the same id and a consumer stays idempotent by keeping ids.
 *
 * @param id deterministic finding id, 32 hex digits
 * @param key the room key {@code platform/room}
 * @param session the session (场次) id
 * @param at the event time of the last cited event, epoch milliseconds
 * @param events ids of the events the finding rests on, in the order the analyzer cites them
 * @param rule the rule id
 * @param finding the finding as a JSON object ({@link FindingJson#toJson})
 */
public record FindingRecord(
    String id, String key, String session, long at, String[] events, String rule, String finding) {

  public FindingRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(session, "session");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(finding, "finding");
    events = events.clone();
  }

  /** The record of a finding raised on events of one room and session. */
  public static FindingRecord of(String key, String session, long at, String[] events, Finding f) {
    String id =
        idOf(
            key
                + '\n'
                + String.join(",", events)
                + '\n'
                + f.rule()
                + '\n'
                + f.channel().id()
                + '\n'
                + f.begin()
                + '\n'
                + f.end());
    return new FindingRecord(id, key, session, at, events, f.rule(), FindingJson.toJson(f));
  }

  /**
   * The record of a finding whose JSON is written by the analyzer itself (a {@code
   * SessionFinding}), with the id derived as in {@link #of(String, String, long, String[],
   * Finding)}.
   */
  public static FindingRecord of(
      String key, String session, long at, String[] events, Finding f, String json) {
    FindingRecord r = of(key, session, at, events, f);
    return new FindingRecord(r.id(), key, session, at, events, f.rule(), json);
  }

  @Override
  public String[] events() {
    return events.clone();
  }

  /** The value written to {@link Topics#FINDINGS}: a versioned JSON object. */
  public String toJson() {
    StringBuilder b = new StringBuilder(finding.length() + 256);
    b.append("{\"schema\":");
    FindingJson.string(b, Topics.FINDING_SCHEMA);
    b.append(",\"id\":");
    FindingJson.string(b, id);
    b.append(",\"room\":");
    FindingJson.string(b, key);
    b.append(",\"session\":");
    FindingJson.string(b, session);
    b.append(",\"at\":");
    FindingJson.string(b, java.time.Instant.ofEpochMilli(at).toString());
    b.append(",\"events\":[");
    for (int i = 0; i < events.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      FindingJson.string(b, events[i]);
    }
    b.append("],\"finding\":").append(finding).append('}');
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FindingRecord r
        && id.equals(r.id)
        && key.equals(r.key)
        && session.equals(r.session)
        && at == r.at
        && java.util.Arrays.equals(events, r.events)
        && rule.equals(r.rule)
        && finding.equals(r.finding);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }

  private static String idOf(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
