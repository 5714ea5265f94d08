package io.liveguard.media.model;

/** A model file could not be fetched or did not match its pinned digest; the message says why. */
public final class ModelUnavailableException extends Exception {

  private static final long serialVersionUID = 1L;

  /** With a user-facing message and the underlying cause, if any. */
  public ModelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
