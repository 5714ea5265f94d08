package io.liveguard.evidence.json;

/** Thrown when text is not the JSON a reader expects; the message names the offset or field. */
public final class JsonException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message a user can act on. */
  public JsonException(String message) {
    super(message);
  }
}
