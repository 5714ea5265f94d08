package io.liveguard.evidence.checkpoint;

/** Thrown instead of signing a checkpoint that is not consistent with the last signed one. */
public final class InconsistentLogException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception naming both tree sizes. */
  public InconsistentLogException(String message) {
    super(message);
  }
}
