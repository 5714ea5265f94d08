package io.liveguard.media.testmedia;

import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.ffmpeg.FfmpegException;
import io.liveguard.media.ffmpeg.StreamTail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Generates test and demo media with real tools: speech with espeak-ng (voice {@code
 * cmn-latn-pinyin} for Mandarin written in pinyin with tone digits, {@code en-us} for English),
 * video with burned-in Chinese banners drawn by ffmpeg's {@code drawtext} with a CJK font, and HLS
 * playlists with their TS segments.
 */
public final class TestMedia {

  /** A banner shown from {@code fromSeconds} to {@code toSeconds}, at the bottom of the frame. */
  public record Banner(String text, double fromSeconds, double toSeconds, int fontSize) {
    public Banner {
      Objects.requireNonNull(text, "text");
      if (!(toSeconds > fromSeconds) || fromSeconds < 0 || fontSize < 8) {
        throw new IllegalArgumentException(
            "banner [" + fromSeconds + ", " + toSeconds + ") size " + fontSize);
      }
    }

    /** A banner in 64-pixel type shown during {@code [from, to)}. */
    public static Banner of(String text, double from, double to) {
      return new Banner(text, from, to, 64);
    }
  }

  private static final List<Path> FONT_CANDIDATES =
      List.of(
          Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
          Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
          Path.of("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"));

  private final Ffmpeg ffmpeg;
  private volatile String h264;

  /** A generator running {@code ffmpeg}. */
  public TestMedia(Ffmpeg ffmpeg) {
    this.ffmpeg = Objects.requireNonNull(ffmpeg, "ffmpeg");
  }

  /** A CJK font file for drawtext; fails with the package to install if none is present. */
  public static Path cjkFont() {
    for (Path p : FONT_CANDIDATES) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no CJK font found (tried "
            + FONT_CANDIDATES
            + "): run scripts/setup-system.sh (fonts-wqy-microhei)");
  }

  /**
   * Speaks {@code text} with espeak-ng into a 16 kHz mono 16-bit WAV file.
   *
   * @param voice an espeak-ng voice: {@code cmn-latn-pinyin} (text in pinyin with tone digits) or
   *     {@code en-us}
   */
  public Path speech(Path wav, String voice, String text) throws IOException, FfmpegException {
    Path raw = Files.createTempFile(wav.toAbsolutePath().getParent(), "espeak-", ".wav");
    try {
      run(List.of("espeak-ng", "-v", voice, "-s", "130", "-w", raw.toString(), text), 60);
      ffmpeg.run(
          List.of(
              "-y",
              "-i",
              raw.toString(),
              "-ac",
              "1",
              "-ar",
              "16000",
              "-c:a",
              "pcm_s16le",
              wav.toString()),
          60);
      return wav;
    } finally {
      Files.deleteIfExists(raw);
    }
  }

  /**
   * Concatenates WAV files with {@code gapSeconds} of silence before each one into one 16 kHz mono
   * WAV, padded with silence to at least {@code minSeconds}.
   */
  public Path sequence(Path wav, List<Path> parts, double gapSeconds, double minSeconds)
      throws IOException, FfmpegException {
    List<String> args = new ArrayList<>(List.of("-y"));
    StringBuilder graph = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      args.add("-i");
      args.add(parts.get(i).toString());
      graph.append(
          String.format(
              Locale.ROOT,
              "[%d:a]aresample=16000,aformat=channel_layouts=mono,adelay=%d:all=1[a%d];",
              i,
              Math.round(gapSeconds * 1000),
              i));
    }
    for (int i = 0; i < parts.size(); i++) {
      graph.append("[a").append(i).append(']');
    }
    graph.append(
        String.format(
            Locale.ROOT, "concat=n=%d:v=0:a=1,apad=whole_dur=%.3f[out]", parts.size(), minSeconds));
    args.addAll(
        List.of(
            "-filter_complex",
            graph.toString(),
            "-map",
            "[out]",
            "-ac",
            "1",
            "-ar",
            "16000",
            "-c:a",
            "pcm_s16le",
            wav.toString()));
    ffmpeg.run(args, 120);
    return wav;
  }

  /**
   * Writes a video of {@code seconds} at {@code width × height}, 25 fps, with the banners burned in
   * and {@code audio} (or silence) as its sound track. The container follows the extension ({@code
   * .mp4}, {@code .ts}, {@code .flv}).
   */
  public Path video(
      Path out, int width, int height, double seconds, List<Banner> banners, Path audio)
      throws IOException, FfmpegException {
    Path font = cjkFont();
    List<Path> textFiles = new ArrayList<>();
    try {
      StringBuilder vf = new StringBuilder("format=yuv420p");
      for (Banner b : banners) {
        Path tf = Files.createTempFile(out.toAbsolutePath().getParent(), "banner-", ".txt");
        Files.writeString(tf, b.text(), StandardCharsets.UTF_8);
        textFiles.add(tf);
        vf.append(
            String.format(
                Locale.ROOT,
                ",drawtext=fontfile=%s:textfile=%s:fontsize=%d:fontcolor=white:box=1:"
                    + "boxcolor=0xd01020@0.9:boxborderw=12:x=(w-tw)/2:y=h-th-%d:"
                    + "enable='between(t,%.3f,%.3f)'",
                font,
                tf,
                b.fontSize(),
                Math.max(40, height / 9),
                b.fromSeconds(),
                b.toSeconds()));
      }
      List<String> args =
          new ArrayList<>(
              List.of(
                  "-y",
                  "-f",
                  "lavfi",
                  "-i",
                  String.format(
                      Locale.ROOT,
                      "color=c=0x2b4f7a:s=%dx%d:r=25:d=%.3f",
                      width,
                      height,
                      seconds)));
      if (audio != null) {
        args.addAll(List.of("-i", audio.toString()));
      } else {
        args.addAll(
            List.of(
                "-f",
                "lavfi",
                "-i",
                String.format(Locale.ROOT, "anullsrc=r=16000:cl=mono:d=%.3f", seconds)));
      }
      args.addAll(
          List.of(
              "-filter_complex",
              "[0:v]" + vf + "[v];[1:a]aresample=16000,apad[a]",
              "-map",
              "[v]",
              "-map",
              "[a]",
              "-t",
              String.format(Locale.ROOT, "%.3f", seconds),
              "-c:v",
              h264(),
              "-g",
              "25",
              "-b:v",
              "1500k",
              "-c:a",
              "aac",
              "-ac",
              "1",
              "-ar",
              "16000",
              out.toString()));
      ffmpeg.run(args, 300);
      return out;
    } finally {
      for (Path tf : textFiles) {
        Files.deleteIfExists(tf);
      }
    }
  }

  /**
   * Cuts {@code video} into an HLS VOD playlist {@code dir/index.m3u8} with TS segments of about
   * {@code segmentSeconds} (split at the 1-second keyframes).
   */
  public Path hls(Path dir, Path video, double segmentSeconds) throws IOException, FfmpegException {
    Files.createDirectories(dir);
    Path playlist = dir.resolve("index.m3u8");
    ffmpeg.run(
        List.of(
            "-y",
            "-i",
            video.toString(),
            "-c",
            "copy",
            "-f",
            "hls",
            "-hls_time",
            String.format(Locale.ROOT, "%.3f", segmentSeconds),
            "-hls_list_size",
            "0",
            "-hls_playlist_type",
            "vod",
            "-hls_segment_filename",
            dir.resolve("seg%04d.ts").toString(),
            playlist.toString()),
        300);
    return playlist;
  }

  private String h264() throws FfmpegException {
    String e = h264;
    if (e == null) {
      String list = ffmpegOutput("-encoders");
      e =
          list.contains("libopenh264")
              ? "libopenh264"
              : list.contains("libx264") ? "libx264" : "mpeg2video";
      h264 = e;
    }
    return e;
  }

  private String ffmpegOutput(String flag) throws FfmpegException {
    try {
      Process p =
          ffmpeg
              .processBuilder(List.of(ffmpeg.executable().toString(), "-hide_banner", flag))
              .redirectErrorStream(true)
              .start();
      p.getOutputStream().close();
      byte[] out = StreamTail.readBounded(p.getInputStream(), 1 << 20);
      p.waitFor(30, TimeUnit.SECONDS);
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FfmpegException("cannot run ffmpeg " + flag + ": " + e.getMessage(), "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FfmpegException("interrupted", "");
    }
  }

  private static void run(List<String> cmd, long timeoutSeconds) throws IOException {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException(
          "cannot run "
              + cmd.get(0)
              + " (install it with scripts/setup-system.sh): "
              + e.getMessage(),
          e);
    }
    p.getOutputStream().close();
    byte[] out = StreamTail.readBounded(p.getInputStream(), 16 * 1024);
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(cmd.get(0) + " timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          cmd.get(0)
              + " failed ("
              + p.exitValue()
              + "): "
              + new String(out, StandardCharsets.UTF_8));
    }
  }
}
