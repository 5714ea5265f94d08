package io.liveguard.media.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Locates the ffmpeg executable: an explicit path ({@code -Dliveguard.ffmpeg} or {@code
 * $LIVEGUARD_FFMPEG}), else the binary shipped in the {@code org.bytedeco:ffmpeg} jar (extracted by
 * JavaCPP into its cache on first use), else {@code ffmpeg} on the PATH.
 *
 * <p>Media is always handled by ffmpeg as a child process, never inside the JVM: a malformed stream
 * can at worst crash that process, which the capture reports and restarts.
 */
public final class Ffmpeg {

  private static volatile Ffmpeg located;

  private final Path executable;
  private final String origin;

  private Ffmpeg(Path executable, String origin) {
    this.executable = executable;
    this.origin = origin;
  }

  /** An ffmpeg at an explicit path. */
  public static Ffmpeg at(Path executable) {
    if (!Files.isExecutable(Objects.requireNonNull(executable, "executable"))) {
      throw new IllegalArgumentException("not an executable file: " + executable);
    }
    return new Ffmpeg(executable, "configured");
  }

  /**
   * The ffmpeg to use on this machine, located once.
   *
   * @throws IllegalStateException if no ffmpeg can be found, with the places looked at
   */
  public static Ffmpeg locate() {
    Ffmpeg f = located;
    if (f == null) {
      synchronized (Ffmpeg.class) {
        f = located;
        if (f == null) {
          f = find();
          located = f;
        }
      }
    }
    return f;
  }

  private static Ffmpeg find() {
    List<String> tried = new ArrayList<>();
    String configured = System.getProperty("liveguard.ffmpeg");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("LIVEGUARD_FFMPEG");
    }
    if (configured != null && !configured.isBlank()) {
      return at(Path.of(configured));
    }
    try {
      String p = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
      if (p != null && Files.isExecutable(Path.of(p))) {
        return new Ffmpeg(Path.of(p), "bytedeco");
      }
      tried.add("org.bytedeco:ffmpeg (" + p + " not executable)");
    } catch (RuntimeException | UnsatisfiedLinkError | NoClassDefFoundError e) {
      tried.add("org.bytedeco:ffmpeg (" + e + ")");
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, "ffmpeg");
        if (Files.isExecutable(candidate)) {
          return new Ffmpeg(candidate, "system");
        }
      }
    }
    tried.add("ffmpeg on PATH");
    throw new IllegalStateException(
        "找不到 ffmpeg: 已尝试 " + String.join("; ", tried) + "。请设置 -Dliveguard.ffmpeg=PATH");
  }

  /** The executable's path. */
  public Path executable() {
    return executable;
  }

  /** Where it came from: {@code configured}, {@code bytedeco} or {@code system}. */
  public String origin() {
    return origin;
  }

  /** A command line starting with this ffmpeg, quiet and never reading standard input. */
  public List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(executable.toString());
    cmd.add("-hide_banner");
    cmd.add("-nostdin");
    cmd.add("-loglevel");
    cmd.add("error");
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * A process builder for {@code command}; for the bundled binary it puts the binary's directory
   * (where JavaCPP extracted its shared libraries) on {@code LD_LIBRARY_PATH}.
   */
  public ProcessBuilder processBuilder(List<String> command) {
    ProcessBuilder pb = new ProcessBuilder(command);
    if (origin.equals("bytedeco")) {
      String dir = executable.getParent().toString();
      String old = pb.environment().get("LD_LIBRARY_PATH");
      pb.environment()
          .put(
              "LD_LIBRARY_PATH",
              old == null || old.isEmpty() ? dir : dir + java.io.File.pathSeparator + old);
    }
    return pb;
  }

  /**
   * Runs ffmpeg to completion and returns its standard error; throws if it fails.
   *
   * @throws FfmpegException with ffmpeg's own error lines if the exit code is not zero
   */
  public String run(List<String> args, long timeoutSeconds) throws FfmpegException {
    List<String> cmd = command(args.toArray(String[]::new));
    try {
      Process p = processBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      byte[] err = StreamTail.readBounded(p.getErrorStream(), 64 * 1024);
      if (!p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new FfmpegException("ffmpeg 超时（" + timeoutSeconds + " 秒）", "");
      }
      String text = new String(err, java.nio.charset.StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new FfmpegException("ffmpeg 退出码 " + p.exitValue(), text);
      }
      return text;
    } catch (IOException e) {
      throw new FfmpegException("无法启动 ffmpeg: " + e.getMessage(), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FfmpegException("interrupted", "");
    }
  }

  /**
   * Decodes the audio of a local media file to 16 kHz mono signed 16-bit samples, at most {@code
   * maxSeconds} of it.
   *
   * @throws FfmpegException if ffmpeg cannot read the file (not a media file, no audio stream)
   */
  public short[] decodePcm16k(Path file, double maxSeconds) throws FfmpegException {
    List<String> cmd =
        command(
            "-i",
            file.toString(),
            "-t",
            String.valueOf(maxSeconds),
            "-map",
            "0:a:0",
            "-vn",
            "-ac",
            "1",
            "-ar",
            "16000",
            "-f",
            "s16le",
            "pipe:1");
    try {
      Process p = processBuilder(cmd).start();
      p.getOutputStream().close();
      java.util.concurrent.CompletableFuture<byte[]> err =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return StreamTail.readBounded(p.getErrorStream(), 16 * 1024);
                } catch (IOException e) {
                  return new byte[0];
                }
              });
      byte[] raw = p.getInputStream().readAllBytes();
      p.waitFor();
      if (p.exitValue() != 0) {
        throw new FfmpegException(
            file + " 无法解码音频（退出码 " + p.exitValue() + "）",
            new String(err.join(), java.nio.charset.StandardCharsets.UTF_8));
      }
      short[] pcm = new short[raw.length / 2];
      java.nio.ByteBuffer.wrap(raw)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN)
          .asShortBuffer()
          .get(pcm);
      return pcm;
    } catch (IOException e) {
      throw new FfmpegException("无法启动 ffmpeg: " + e.getMessage(), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FfmpegException("interrupted", "");
    }
  }

  @Override
  public String toString() {
    return executable + " (" + origin + ")";
  }
}
