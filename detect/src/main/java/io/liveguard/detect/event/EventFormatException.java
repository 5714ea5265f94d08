package io.liveguard.detect.event;

/**
 * An event that cannot be accepted, with a message a person can act on: {@code field "at": not an
 * ISO-8601 instant: "yesterday"}. Readers of JSONL prefix the line number.
 */
public final class EventFormatException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with the message shown to the sender. */
  public EventFormatException(String message) {
    super(message);
  }
}
