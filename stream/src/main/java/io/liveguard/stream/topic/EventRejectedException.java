package io.liveguard.stream.topic;

/** An events-topic value that cannot be read; the message names the field and the problem. */
public final class EventRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  public EventRejectedException(String message) {
    super(message);
  }
}
