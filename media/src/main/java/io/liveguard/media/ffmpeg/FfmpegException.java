package io.liveguard.media.ffmpeg;

/** ffmpeg failed; carries the last lines ffmpeg wrote to standard error. */
public final class FfmpegException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String stderr;

  /** With a summary and ffmpeg's own error output. */
  public FfmpegException(String message, String stderr) {
    super(stderr == null || stderr.isBlank() ? message : message + ": " + lastLines(stderr));
    this.stderr = stderr == null ? "" : stderr;
  }

  /** What ffmpeg wrote to standard error (bounded). */
  public String stderr() {
    return stderr;
  }

  private static String lastLines(String s) {
    String t = s.strip();
    return t.length() <= 400 ? t : "…" + t.substring(t.length() - 400);
  }
}
