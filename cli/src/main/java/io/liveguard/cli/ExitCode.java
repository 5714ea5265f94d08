package io.liveguard.cli;

/** Process exit codes of the {@code liveguard} command. */
final class ExitCode {
  static final int OK = 0;

  /** A check found a failure (evidence verification failed). */
  static final int FAILED = 1;

  /** The command line or its input was malformed; a message says what to fix. */
  static final int USAGE = 2;

  /** An unexpected internal error. */
  static final int INTERNAL = 3;

  private ExitCode() {}
}
