package io.liveguard.detect.session;

import io.liveguard.detect.Finding;
import io.liveguard.detect.FindingJson;
import io.liveguard.detect.event.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A finding of a session: a lexicon finding in one event's text, or a cross-check finding of a
 * session model, with the events it rests on.
 *
 * @param finding rule, category, severity, channel, span into the text of the first event,
 *     provisions and suggestion; a finding about a listing field or a series of observations has an
 *     empty span {@code [0, 0)}
 * @param events ids of the events it rests on; the first holds the span
 * @param evidence both sides of a cross-check in Chinese, or null for a lexicon finding
 * @param platform the platform
 * @param room the room
 * @param session the session the finding belongs to
 * @param at when it became certain (the latest event it rests on)
 */
public record SessionFinding(
    Finding finding,
    List<String> events,
    String evidence,
    Platform platform,
    String room,
    String session,
    Instant at) {

  public SessionFinding {
    Objects.requireNonNull(finding, "finding");
    events = List.copyOf(events);
  }

  /**
   * The JSON object: the shape of {@code liveguard check} ({@link FindingJson}) plus {@code
   * "events":[ids…]}, {@code "evidence"}, {@code "platform"}, {@code "room"}, {@code "session"} and
   * {@code "at"}.
   */
  public String toJson() {
    StringBuilder b = new StringBuilder(512);
    write(b);
    return b.toString();
  }

  /** Appends the JSON object to {@code b}. */
  public void write(StringBuilder b) {
    int start = b.length();
    FindingJson.write(b, finding);
    if (b.length() == start || b.charAt(b.length() - 1) != '}') {
      throw new IllegalStateException("FindingJson did not write an object");
    }
    b.setLength(b.length() - 1);
    b.append(",\"events\":[");
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      FindingJson.string(b, events.get(i));
    }
    b.append(']');
    if (evidence != null) {
      b.append(",\"evidence\":");
      FindingJson.string(b, evidence);
    }
    b.append(",\"platform\":");
    FindingJson.string(b, platform.id());
    b.append(",\"room\":");
    FindingJson.string(b, room);
    b.append(",\"session\":");
    FindingJson.string(b, session);
    b.append(",\"at\":");
    FindingJson.string(b, at.toString());
    b.append('}');
  }
}
