package io.liveguard.stream.topic;

/**
 * What the source read from one record: an event, or the reason it could not be read.
 *
 * @param event the event, or {@code null} if rejected
 * @param rejection why the record was rejected, or {@code null} if it was read
 */
public record Inbound(EventRecord event, Rejection rejection) {

  public Inbound {
    if ((event == null) == (rejection == null)) {
      throw new IllegalArgumentException("exactly one of event and rejection must be set");
    }
  }

  /** A record that was read. */
  public static Inbound of(EventRecord event) {
    return new Inbound(event, null);
  }

  /** A record that was rejected. */
  public static Inbound rejected(Rejection rejection) {
    return new Inbound(null, rejection);
  }
}
