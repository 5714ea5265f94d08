package io.liveguard.evidence.checkpoint;

/** Thrown when bytes are not a well-formed C2SP signed note, checkpoint or verifier key. */
public final class NoteFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that says what is malformed. */
  public NoteFormatException(String message) {
    super(message);
  }
}
