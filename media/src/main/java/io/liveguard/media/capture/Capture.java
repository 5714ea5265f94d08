package io.liveguard.media.capture;

import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.ffmpeg.StreamTail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches one source with an ffmpeg child process and delivers, in media time of the session:
 * rolling TS segments (into a {@link SegmentSpool}), 16 kHz mono PCM, and a JPEG keyframe every
 * {@code keyframeSeconds}.
 *
 * <p>A live source that drops, errors or stalls (no output for {@code stallTimeout}) is reconnected
 * with {@link Backoff} until the session ends ({@link #stop}, {@code maxSeconds}) or the attempts
 * run out; every status change is reported. Segments completed before a drop are never lost; the
 * segment cut by the drop is kept and marked partial. A file source is read once; if ffmpeg cannot
 * read it the capture fails with ffmpeg's reason. One background thread runs the attempts; the
 * listener is called from capture threads and must be thread-safe.
 */
public final class Capture implements AutoCloseable {

  /** What to capture and how to behave. */
  public record Settings(
      double segmentSeconds,
      double keyframeSeconds,
      boolean realtime,
      double maxSeconds,
      Duration stallTimeout,
      Backoff backoff,
      EgressProxy egress) {

    /**
     * 2 s segments, a keyframe every second (a banner waits at most 1 s for its frame: the 5 s
     * latency goal; a frame every 2 s halves the gate's cost, see docs/benchmarks.md), no time
     * limit, 8 s stall timeout, default backoff.
     */
    public static final Settings DEFAULT =
        new Settings(2, 1, false, 0, Duration.ofSeconds(8), Backoff.DEFAULT);

    /** Settings without an egress proxy. */
    public Settings(
        double segmentSeconds,
        double keyframeSeconds,
        boolean realtime,
        double maxSeconds,
        Duration stallTimeout,
        Backoff backoff) {
      this(segmentSeconds, keyframeSeconds, realtime, maxSeconds, stallTimeout, backoff, null);
    }

    public Settings {
      if (!(segmentSeconds >= 0.5) || !(keyframeSeconds >= 0.1) || maxSeconds < 0) {
        throw new IllegalArgumentException(
            "segment "
                + segmentSeconds
                + " s, keyframe "
                + keyframeSeconds
                + " s, max "
                + maxSeconds);
      }
      Objects.requireNonNull(stallTimeout, "stallTimeout");
      Objects.requireNonNull(backoff, "backoff");
    }

    public Settings withMaxSeconds(double s) {
      return new Settings(
          segmentSeconds, keyframeSeconds, realtime, s, stallTimeout, backoff, egress);
    }

    public Settings withKeyframeSeconds(double s) {
      return new Settings(segmentSeconds, s, realtime, maxSeconds, stallTimeout, backoff, egress);
    }

    public Settings withBackoff(Backoff b) {
      return new Settings(
          segmentSeconds, keyframeSeconds, realtime, maxSeconds, stallTimeout, b, egress);
    }

    public Settings withStallTimeout(Duration d) {
      return new Settings(
          segmentSeconds, keyframeSeconds, realtime, maxSeconds, d, backoff, egress);
    }

    /**
     * Settings whose ffmpeg reaches remote sources only through {@code egress} — HTTP(S) and RTMPS
     * as its proxy, plain RTMP through one of its tunnels — or directly when null.
     */
    public Settings withEgress(EgressProxy egress) {
      return new Settings(
          segmentSeconds, keyframeSeconds, realtime, maxSeconds, stallTimeout, backoff, egress);
    }

    public Settings withRealtime(boolean r) {
      return new Settings(
          segmentSeconds, keyframeSeconds, r, maxSeconds, stallTimeout, backoff, egress);
    }
  }

  /** A status change of the capture. */
  public record Status(State state, int attempt, String message, Duration retryIn) {}

  /** The states a capture reports. */
  public enum State {
    CONNECTING,
    CONNECTED,
    DROPPED,
    RETRYING,
    ENDED,
    STOPPED,
    FAILED
  }

  /** Receives what the capture produces. Called from capture threads. */
  public interface Listener {
    /** {@code len} samples of 16 kHz mono audio starting at {@code mediaMillis}. */
    default void onPcm(short[] pcm, int len, long mediaMillis) {}

    /** A keyframe JPEG written to the spool, shown at {@code mediaMillis}. */
    default void onKeyframe(Path jpeg, long mediaMillis) {}

    /** A completed (or, after a drop, partial) segment recorded in the spool. */
    default void onSegment(SegmentSpool.Segment segment) {}

    /** Audio starts again after a reconnect at {@code mediaMillis}: reset stream state. */
    default void onDiscontinuity(long mediaMillis) {}

    /** A status change. */
    default void onStatus(Status status) {}
  }

  private static final Pattern STREAM =
      Pattern.compile("Stream #0:\\d+(?:\\[[^]]*])?(?:\\([^)]*\\))?: (Video|Audio):");

  private final Ffmpeg ffmpeg;
  private final MediaSource source;
  private final SegmentSpool spool;
  private final Settings settings;
  private final Listener listener;
  private final InstantSource clock;
  private final Random random = new Random();
  private final CountDownLatch done = new CountDownLatch(1);
  private final Object lock = new Object();
  private volatile boolean stopping;
  private Process current;
  private EgressProxy.Tunnel tunnel; // plain RTMP through the egress proxy, opened on first use
  private Thread runner;
  private long nextSeq;
  private long lastMediaMillis;
  private volatile State finalState;
  private volatile int attempts;
  private long startNanos;
  private volatile Probe streams; // the source's streams once known

  /** A capture of {@code source} into {@code spool}, reporting to {@code listener}. */
  public Capture(
      Ffmpeg ffmpeg,
      MediaSource source,
      SegmentSpool spool,
      Settings settings,
      Listener listener,
      InstantSource clock) {
    this.ffmpeg = Objects.requireNonNull(ffmpeg, "ffmpeg");
    this.source = Objects.requireNonNull(source, "source");
    this.spool = Objects.requireNonNull(spool, "spool");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Starts capturing in the background. */
  public synchronized void start() {
    if (runner != null) {
      throw new IllegalStateException("capture already started");
    }
    startNanos = System.nanoTime();
    runner = new Thread(this::runAttempts, "capture-" + source.kind());
    runner.setDaemon(true);
    runner.start();
  }

  /** Ends the session: stops ffmpeg (which closes the segment in progress) and stops retrying. */
  public void stop() {
    stopping = true;
    synchronized (lock) {
      if (current != null) {
        current.destroy();
      }
    }
    Thread r = runner;
    if (r != null) {
      r.interrupt();
    }
  }

  /** Waits for the capture to end; returns the final state, or null on time-out. */
  public State await(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? finalState : null;
  }

  /** How many times ffmpeg was started. */
  public int attempts() {
    return attempts;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
    await(Duration.ofSeconds(30));
  }

  private void status(State s, int attempt, String message, Duration retryIn) {
    listener.onStatus(new Status(s, attempt, message, retryIn));
  }

  private double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void runAttempts() {
    State end = State.FAILED;
    int failures = 0;
    try {
      for (int attempt = 0; ; attempt++) {
        if (stopping) {
          end = State.STOPPED;
          break;
        }
        double remaining = settings.maxSeconds() > 0 ? settings.maxSeconds() - elapsedSeconds() : 0;
        if (settings.maxSeconds() > 0 && source.live() && remaining <= 0.05) {
          end = State.STOPPED;
          break;
        }
        long offset =
            attempt == 0 ? 0 : Math.max(lastMediaMillis, (long) (elapsedSeconds() * 1000));
        if (attempt > 0) {
          listener.onDiscontinuity(offset);
        }
        attempts = attempt + 1;
        status(State.CONNECTING, attempt, source.kind() + " " + redacted(), null);
        Outcome o = runOnce(attempt, offset, remaining);
        if (o.progressed) {
          failures = 0;
        }
        if (stopping) {
          end = State.STOPPED;
          break;
        }
        if (o.exitCode == 0 && !o.stalled && !endedWithoutEndList() && !unendingLive()) {
          end = State.ENDED;
          status(State.ENDED, attempt, source.live() ? "直播流已结束" : "文件读取完毕", null);
          break;
        }
        String why =
            o.stalled
                ? "流停滞超过 " + settings.stallTimeout().toSeconds() + " 秒"
                : o.exitCode != 0 ? o.reason : unendingLive() ? "直播流连接被关闭" : "直播流中断（播放列表无法刷新）";
        if (!source.live()) {
          status(State.FAILED, attempt, "无法读取媒体文件: " + why, null);
          end = State.FAILED;
          break;
        }
        status(State.DROPPED, attempt, why, null);
        if (failures >= settings.backoff().maxAttempts()) {
          status(State.FAILED, attempt, "重连次数已用尽: " + why, null);
          end = State.FAILED;
          break;
        }
        Duration d = settings.backoff().delay(failures++, random);
        status(State.RETRYING, attempt + 1, "将在 " + d.toMillis() + " 毫秒后重连", d);
        try {
          Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
          if (stopping) {
            end = State.STOPPED;
            break;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      status(State.FAILED, attempts, "采集出错: " + e, null);
      end = State.FAILED;
    } finally {
      closeTunnel();
      if (end == State.STOPPED) {
        status(State.STOPPED, attempts, "监测结束", null);
      }
      finalState = end;
      done.countDown();
    }
  }

  /**
   * An RTMP stream has no end marker ffmpeg reports: a server closing the connection looks the same
   * whether the broadcast ended or dropped, so a live RTMP source is reconnected until the session
   * is stopped (by the scheduler when the room goes offline, or {@code maxSeconds}) or the attempts
   * run out.
   */
  private boolean unendingLive() {
    return source.kind() == MediaSource.Kind.RTMP;
  }

  /**
   * ffmpeg's HLS demuxer also exits with 0 when a live playlist can no longer be reloaded; only a
   * playlist that says {@code #EXT-X-ENDLIST} has really ended.
   */
  private boolean endedWithoutEndList() {
    if (source.kind() != MediaSource.Kind.HLS) {
      return false;
    }
    try {
      java.net.http.HttpClient http =
          java.net.http.HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
              .build();
      java.net.http.HttpResponse<String> r =
          http.send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(source.location()))
                  .timeout(settings.stallTimeout())
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      return r.statusCode() != 200 || !r.body().contains("#EXT-X-ENDLIST");
    } catch (IOException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private String redacted() {
    // query strings of live URLs often carry auth tokens: keep them out of logs
    int q = source.location().indexOf('?');
    return q < 0 ? source.location() : source.location().substring(0, q) + "?…";
  }

  private record Outcome(
      int exitCode, boolean stalled, boolean progressed, String reason, String stderr) {}

  private record Probe(boolean video, boolean audio, String error) {}

  private static final Probe BOTH = new Probe(true, true, null);

  /** ffmpeg's words for a {@code -map} that found nothing, or an output left without streams. */
  private static final Pattern MISSING_STREAM =
      Pattern.compile("matches no streams|does not contain any stream");

  /**
   * With an egress proxy, every HTTP and HTTPS request of the ffmpeg process (playlist, segments,
   * keys, redirects) goes through it: ffmpeg's http and tls protocols read {@code http_proxy}, and
   * no {@code no_proxy} may exempt a host.
   */
  private ProcessBuilder proxied(ProcessBuilder pb) {
    if (settings.egress() != null) {
      pb.environment().keySet().removeIf(k -> k.equalsIgnoreCase("no_proxy"));
      pb.environment().put("http_proxy", settings.egress().url());
    }
    return pb;
  }

  private void closeTunnel() {
    EgressProxy.Tunnel t;
    synchronized (lock) {
      t = tunnel;
      tunnel = null;
    }
    if (t != null) {
      try {
        t.close();
      } catch (IOException e) {
        // the listener is gone either way
      }
    }
  }

  /**
   * What ffmpeg opens: the source itself, or for plain RTMP with an egress proxy, the proxy's
   * tunnel to the source's host (checked and pinned for every connection) with the {@code tcUrl} of
   * the original address, so the server sees the stream the operator named.
   */
  private List<String> openArgs() throws IOException {
    if (settings.egress() == null
        || source.kind() != MediaSource.Kind.RTMP
        || !source.location().regionMatches(true, 0, "rtmp:", 0, 5)) {
      return List.of("-i", source.location());
    }
    RtmpAddress a = RtmpAddress.parse(source.location());
    EgressProxy.Tunnel t;
    synchronized (lock) {
      if (tunnel == null) {
        tunnel = settings.egress().tunnel(a.host(), a.port());
      }
      t = tunnel;
    }
    return List.of("-rtmp_tcurl", a.tcUrl(), "-i", a.via(t.localPort()));
  }

  private List<String> inputArgs() throws IOException {
    List<String> a = new ArrayList<>();
    if (source.kind() == MediaSource.Kind.FILE) {
      if (settings.realtime()) {
        a.add("-re");
      }
    } else {
      a.addAll(List.of("-rw_timeout", String.valueOf(settings.stallTimeout().toMillis() * 1000)));
    }
    a.addAll(List.of("-protocol_whitelist", source.protocolWhitelist()));
    a.addAll(openArgs());
    return a;
  }

  private Probe probe() throws IOException {
    List<String> cmd =
        new ArrayList<>(List.of(ffmpeg.executable().toString(), "-hide_banner", "-nostdin"));
    cmd.addAll(inputArgs().stream().filter(s -> !s.equals("-re")).toList());
    Process p =
        proxied(ffmpeg.processBuilder(cmd)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    synchronized (lock) {
      current = p;
    }
    p.getOutputStream().close();
    CompletableFuture<byte[]> err = readAsync(p.getErrorStream());
    try {
      if (!p.waitFor(settings.stallTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new Probe(false, false, "探测超时");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      return new Probe(false, false, "interrupted");
    } finally {
      synchronized (lock) {
        current = null;
      }
    }
    String text = new String(err.join(), StandardCharsets.UTF_8);
    boolean video = false;
    boolean audio = false;
    Matcher m = STREAM.matcher(text);
    while (m.find()) {
      if (m.group(1).equals("Video")) {
        video = true;
      } else {
        audio = true;
      }
    }
    if (!video && !audio) {
      String last = text.strip();
      int nl = last.lastIndexOf('\n');
      return new Probe(false, false, nl < 0 ? last : last.substring(nl + 1));
    }
    return new Probe(video, audio, null);
  }

  /**
   * One connection. The first run assumes the usual live source (one video and one audio stream)
   * and starts capturing at once, without a separate probe: a probe costs a second connection and
   * start-up time, and a single-client source (an RTMP push to {@code ffmpeg -listen}) would give
   * its only connection to it. Only if ffmpeg says a mapped stream is missing is the source probed
   * and the run repeated with the streams it has; that answer is kept for later reconnects.
   */
  private Outcome runOnce(int attempt, long offset, double remaining) throws IOException {
    String tag = String.format(Locale.ROOT, "a%03d", attempt);
    Probe assumed = streams != null ? streams : BOTH;
    Outcome o = runWith(assumed, attempt, tag, offset);
    if (streams == null
        && !o.progressed
        && !stopping
        && o.exitCode != 0
        && MISSING_STREAM.matcher(o.stderr).find()) {
      Probe probe = probe();
      if (probe.error() != null) {
        return new Outcome(1, false, false, "无可用音视频流: " + probe.error(), "");
      }
      streams = probe;
      return runWith(probe, attempt, tag + "p", offset);
    }
    if (o.progressed) {
      streams = assumed;
    }
    return o;
  }

  private Outcome runWith(Probe probe, int attempt, String tag, long offset) throws IOException {
    Path dir = spool.dir();
    Path list = dir.resolve("segments-" + tag + ".csv");
    List<String> cmd = new ArrayList<>(List.of("-y"));
    cmd.addAll(inputArgs());
    if (source.kind() == MediaSource.Kind.FILE && settings.maxSeconds() > 0) {
      cmd.addAll(List.of("-t", fmt(settings.maxSeconds())));
    }
    cmd.addAll(
        List.of(
            "-map",
            "0:v:0?",
            "-map",
            "0:a:0?",
            "-c",
            "copy",
            "-f",
            "segment",
            "-segment_time",
            fmt(settings.segmentSeconds()),
            "-segment_format",
            "mpegts",
            "-reset_timestamps",
            "1",
            "-segment_start_number",
            String.valueOf(nextSeq),
            "-segment_list",
            list.toString(),
            "-segment_list_type",
            "csv",
            "-segment_list_flags",
            "live",
            dir.resolve("seg-%06d.ts").toString()));
    if (probe.video()) {
      cmd.addAll(
          List.of(
              "-map",
              "0:v:0",
              "-vf",
              keyframeFilter(settings.keyframeSeconds()),
              "-fps_mode",
              "passthrough",
              "-enc_time_base:v",
              "1:1000",
              "-c:v",
              "mjpeg",
              "-q:v",
              "3",
              "-f",
              "image2",
              "-atomic_writing",
              "1",
              "-frame_pts",
              "1",
              dir.resolve("frame-" + tag + "-%d.jpg").toString()));
    }
    if (probe.audio()) {
      cmd.addAll(List.of("-map", "0:a:0", "-ac", "1", "-ar", "16000", "-f", "s16le", "pipe:1"));
    }
    Process p = proxied(ffmpeg.processBuilder(ffmpeg.command(cmd.toArray(String[]::new)))).start();
    synchronized (lock) {
      current = p;
      if (stopping) {
        p.destroy();
      }
    }
    status(
        State.CONNECTED,
        attempt,
        (probe.video() ? "视频" : "") + (probe.audio() ? "音频" : "") + " 已连接",
        null);
    p.getOutputStream().close();
    CompletableFuture<byte[]> err = readAsync(p.getErrorStream());
    long[] lastProgress = {System.nanoTime()};
    boolean[] progressed = {false};
    Thread audio = null;
    if (probe.audio()) {
      audio =
          new Thread(
              () -> readPcm(p.getInputStream(), offset, lastProgress, progressed), "capture-pcm");
      audio.setDaemon(true);
      audio.start();
    } else {
      p.getInputStream().close();
    }
    Watcher watcher = new Watcher(dir, tag, list, offset);
    boolean stalled = false;
    try {
      while (true) {
        boolean exited = p.waitFor(100, TimeUnit.MILLISECONDS);
        if (watcher.poll()) {
          lastProgress[0] = System.nanoTime();
          progressed[0] = true;
        }
        if (exited) {
          break;
        }
        if (source.live()
            && settings.maxSeconds() > 0
            && elapsedSeconds() >= settings.maxSeconds()) {
          stopping = true;
          p.destroy();
        }
        long idle = System.nanoTime() - lastProgress[0];
        if (!stopping && idle > settings.stallTimeout().toNanos()) {
          stalled = true;
          p.destroy();
          if (!p.waitFor(3, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      }
      if (audio != null) {
        audio.join(5000);
      }
    } catch (InterruptedException e) {
      p.destroy();
      try {
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
        if (audio != null) {
          audio.join(3000);
        }
      } catch (InterruptedException ignored) {
        p.destroyForcibly();
      }
    } finally {
      synchronized (lock) {
        current = null;
      }
    }
    watcher.poll();
    watcher.finish();
    int code = p.isAlive() ? -1 : p.exitValue();
    String errText = new String(err.join(), StandardCharsets.UTF_8).strip();
    String reason = errText.isEmpty() ? "ffmpeg 退出码 " + code : lastLine(errText);
    return new Outcome(code, stalled, progressed[0], reason, errText);
  }

  /**
   * The first decoded frame of every {@code seconds}-long slot of media time. Unlike the {@code
   * fps} filter, which holds a frame until it has seen the next slot begin (up to one more interval
   * of delay), {@code select} passes a frame on the moment it is decoded; with {@code -frame_pts}
   * and a millisecond encoder time base the file name carries the frame's media time.
   */
  static String keyframeFilter(double seconds) {
    String n = fmt(seconds);
    return "select='isnan(prev_selected_t)+gt(floor(t/"
        + n
        + "),floor(prev_selected_t/"
        + n
        + "))'";
  }

  private static String lastLine(String s) {
    int nl = s.lastIndexOf('\n');
    String l = nl < 0 ? s : s.substring(nl + 1);
    return l.length() > 300 ? l.substring(0, 300) + "…" : l;
  }

  private void readPcm(InputStream in, long offset, long[] lastProgress, boolean[] progressed) {
    byte[] buf = new byte[3200]; // 100 ms
    short[] pcm = new short[buf.length / 2];
    long samples = 0;
    int carry = 0;
    try (in) {
      int n;
      while ((n = in.read(buf, carry, buf.length - carry)) > 0) {
        int total = carry + n;
        int whole = total / 2;
        ByteBuffer.wrap(buf, 0, whole * 2)
            .order(ByteOrder.LITTLE_ENDIAN)
            .asShortBuffer()
            .get(pcm, 0, whole);
        carry = total - whole * 2;
        if (carry == 1) {
          buf[0] = buf[total - 1];
        }
        long at = offset + samples * 1000 / 16000;
        samples += whole;
        synchronized (this) {
          lastMediaMillis = Math.max(lastMediaMillis, offset + samples * 1000 / 16000);
        }
        lastProgress[0] = System.nanoTime();
        progressed[0] = true;
        listener.onPcm(pcm, whole, at);
      }
    } catch (IOException e) {
      // the process was stopped; its exit status tells the rest
    }
  }

  private static CompletableFuture<byte[]> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return StreamTail.readBounded(in, 16 * 1024);
          } catch (IOException e) {
            return new byte[0];
          }
        });
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }

  /** Follows the segment list and keyframe files of one ffmpeg run. */
  private final class Watcher {
    private final Path dir;
    private final String tag;
    private final Path list;
    private final long offset;
    private int linesSeen;
    private long lastFramePts = -1;
    private final Pattern framePattern;
    private long lastEnd;

    Watcher(Path dir, String tag, Path list, long offset) {
      this.dir = dir;
      this.tag = tag;
      this.list = list;
      this.offset = offset;
      this.lastEnd = offset;
      this.framePattern = Pattern.compile("frame-" + Pattern.quote(tag) + "-(\\d{1,12})\\.jpg");
    }

    boolean poll() throws IOException {
      boolean any = false;
      if (Files.exists(list)) {
        List<String> lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        // the last line may be half-written: only lines followed by a newline are complete
        String raw = Files.readString(list, StandardCharsets.UTF_8);
        int complete = raw.endsWith("\n") ? lines.size() : lines.size() - 1;
        for (; linesSeen < complete; linesSeen++) {
          String[] f = lines.get(linesSeen).split(",");
          if (f.length < 3) {
            continue;
          }
          Path file = dir.resolve(f[0]);
          long start = offset + Math.round(Double.parseDouble(f[1]) * 1000);
          long end = offset + Math.round(Double.parseDouble(f[2]) * 1000);
          long seq = seqOf(f[0]);
          if (Files.exists(file)) {
            SegmentSpool.Segment s = spool.add(seq, start, end, file, false);
            listener.onSegment(s);
          }
          nextSeq = Math.max(nextSeq, seq + 1);
          lastEnd = Math.max(lastEnd, end);
          synchronized (Capture.this) {
            lastMediaMillis = Math.max(lastMediaMillis, end);
          }
          any = true;
        }
      }
      // image2 renames each finished JPEG into place (atomic_writing): a listed name is complete
      java.util.TreeMap<Long, Path> fresh = new java.util.TreeMap<>();
      try (var files = Files.newDirectoryStream(dir, "frame-" + tag + "-*.jpg")) {
        for (Path f : files) {
          Matcher m = framePattern.matcher(f.getFileName().toString());
          if (m.matches()) {
            long pts = Long.parseLong(m.group(1));
            if (pts > lastFramePts) {
              fresh.put(pts, f);
            }
          }
        }
      }
      for (var e : fresh.entrySet()) {
        lastFramePts = e.getKey();
        listener.onKeyframe(e.getValue(), offset + e.getKey());
        any = true;
      }
      return any;
    }

    /** After ffmpeg exits: the segment it was writing, if any, is kept as partial. */
    void finish() throws IOException {
      Path file = dir.resolve(String.format(Locale.ROOT, "seg-%06d.ts", nextSeq));
      if (Files.exists(file)) {
        if (Files.size(file) > 0) {
          long end;
          synchronized (Capture.this) {
            end = Math.max(lastEnd, lastMediaMillis);
          }
          SegmentSpool.Segment s = spool.add(nextSeq, lastEnd, Math.max(end, lastEnd), file, true);
          listener.onSegment(s);
          nextSeq++;
        } else {
          Files.delete(file);
        }
      }
    }

    private long seqOf(String name) {
      Matcher m = Pattern.compile("seg-(\\d+)\\.ts").matcher(name);
      return m.matches() ? Long.parseLong(m.group(1)) : nextSeq;
    }
  }

  /** The clock used for session time (exposed for the pipeline's event instants). */
  public InstantSource clock() {
    return clock;
  }
}
