package io.liveguard.risk;

import java.util.Locale;
import java.util.Objects;

/**
 * A subject whose risk is scored: a live room (直播间), a streamer (主播) or an enterprise (企业, an MCN
 * agency being an enterprise too), named by its registry id.
 */
public record Subject(Kind kind, long id) implements Comparable<Subject> {

  /** The three kinds of scored subject. */
  public enum Kind {
    ROOM,
    STREAMER,
    ENTERPRISE;

    /** The identifier used in the API and SQL: the lower-case name. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses an identifier ({@code room}, {@code streamer}, {@code enterprise}).
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static Kind parse(String id) {
      for (Kind k : values()) {
        if (k.id().equals(id)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "unknown subject kind \"" + id + "\" (expected room, streamer or enterprise)");
    }
  }

  public Subject {
    Objects.requireNonNull(kind, "kind");
    if (id <= 0) {
      throw new IllegalArgumentException("subject id must be positive: " + id);
    }
  }

  public static Subject room(long id) {
    return new Subject(Kind.ROOM, id);
  }

  public static Subject streamer(long id) {
    return new Subject(Kind.STREAMER, id);
  }

  public static Subject enterprise(long id) {
    return new Subject(Kind.ENTERPRISE, id);
  }

  /** {@code room:12}, the form used in audit targets and warning keys. */
  public String key() {
    return kind.id() + ":" + id;
  }

  @Override
  public int compareTo(Subject o) {
    int c = kind.compareTo(o.kind);
    return c != 0 ? c : Long.compare(id, o.id);
  }

  @Override
  public String toString() {
    return key();
  }
}
