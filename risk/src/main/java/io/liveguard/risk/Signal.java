package io.liveguard.risk;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** Something that happened and moves a risk score or may trigger a warning. */
public sealed interface Signal {

  /** When it happened (the conduct or filing time, not the time it was processed). */
  Instant at();

  /** How serious a finding is, as the detection core grades it. */
  enum Severity {
    NOTICE,
    WARNING,
    SERIOUS;

    public static Severity parse(String id) {
      return valueOf(id.trim().toUpperCase(Locale.ROOT));
    }
  }

  /**
   * The live analysis raised a finding in a room.
   *
   * @param family the violation category (rule family), e.g. {@code counterfeit}
   * @param cue what identifies the same violation across rooms (the rule and the matched term), or
   *     {@code null}
   */
  record FindingRaised(long room, Severity severity, String family, String cue, Instant at)
      implements Signal {
    public FindingRaised {
      positive(room, "room");
      Objects.requireNonNull(severity, "severity");
      Objects.requireNonNull(family, "family");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A reviewer confirmed a lead of the room (a violation stands). */
  record LeadConfirmed(long room, Instant at) implements Signal {
    public LeadConfirmed {
      positive(room, "room");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * A complaint or report (投诉举报) names a subject.
   *
   * @param specific whether it names a room, a session and what was said or shown (it then became a
   *     lead of its own and weighs more)
   */
  record ComplaintFiled(Subject subject, boolean specific, Instant at) implements Signal {
    public ComplaintFiled {
      Objects.requireNonNull(subject, "subject");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A session of a room started with this streamer on air. */
  record StreamerAppeared(long room, long streamer, Instant at) implements Signal {
    public StreamerAppeared {
      positive(room, "room");
      positive(streamer, "streamer");
      Objects.requireNonNull(at, "at");
    }
  }

  private static void positive(long id, String what) {
    if (id <= 0) {
      throw new IllegalArgumentException(what + " id must be positive: " + id);
    }
  }
}
