package io.liveguard.media.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.evidence.blob.FileBlobStore;
import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.testmedia.LoopbackHlsServer;
import io.liveguard.media.testmedia.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live HLS capture from a loopback origin, including the origin failing in the ways live ones do.
 */
class HlsCaptureIT {

  static final Ffmpeg ffmpeg = Ffmpeg.locate();
  static Path hlsDir;

  @BeforeAll
  static void media(@TempDir Path dir) throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path speech =
        media.speech(
            dir.resolve("s.wav"), "cmn-latn-pinyin", "jin1 tian1 quan2 wang3 zui4 di1 jia4");
    Path video =
        media.video(
            dir.resolve("v.ts"),
            640,
            360,
            40,
            List.of(TestMedia.Banner.of("全网最低价", 0, 40)),
            speech);
    hlsDir = dir.resolve("hls");
    media.hls(hlsDir, video, 1);
  }

  static final Capture.Settings FAST =
      new Capture.Settings(
          1,
          1,
          false,
          0,
          Duration.ofSeconds(3),
          new Backoff(Duration.ofMillis(200), Duration.ofMillis(800), Integer.MAX_VALUE));

  Capture capture(Path dir, LoopbackHlsServer server, RecordingListener l, Capture.Settings s)
      throws Exception {
    SegmentSpool spool =
        new SegmentSpool(
            dir.resolve("spool"),
            new FileBlobStore(dir.resolve("blobs")),
            SegmentSpool.Retention.DEFAULT);
    return new Capture(
        ffmpeg,
        MediaSource.parse(server.liveUrl(), MediaSource.Policy.LOCAL),
        spool,
        s,
        l,
        InstantSource.system());
  }

  static void waitFor(BooleanSupplier cond, int seconds, String what) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  static void assertPlayable(List<SegmentSpool.Segment> segs) throws Exception {
    for (SegmentSpool.Segment s : segs) {
      assertThat(s.file()).exists();
      assertThat(ffmpeg.decodePcm16k(s.file(), 10)).isNotEmpty();
    }
  }

  @Test
  void survivesTheOriginStoppingMidStreamAndKeepsWhatWasRecorded(@TempDir Path dir)
      throws Exception {
    try (LoopbackHlsServer server = LoopbackHlsServer.start(hlsDir, false)) {
      RecordingListener l = new RecordingListener();
      Capture c = capture(dir, server, l, FAST);
      c.start();
      waitFor(() -> l.segments.size() >= 2, 30, "two segments");
      List<SegmentSpool.Segment> before = List.copyOf(l.segments);

      server.stop();
      waitFor(() -> l.states().contains(Capture.State.RETRYING), 30, "a retry after the drop");
      assertPlayable(before);

      server.restart();
      int segsAtRestart = l.segments.size();
      waitFor(() -> l.segments.size() >= segsAtRestart + 2, 40, "segments after reconnecting");
      c.stop();
      assertThat(c.await(Duration.ofSeconds(20))).isEqualTo(Capture.State.STOPPED);

      assertThat(c.attempts()).isGreaterThanOrEqualTo(2);
      assertThat(l.states()).contains(Capture.State.DROPPED);
      assertThat(l.discontinuities).isNotEmpty();
      // everything recorded before the drop is still there, in order, and sequence numbers never
      // repeat
      assertThat(l.segments).startsWith(before.toArray(SegmentSpool.Segment[]::new));
      assertThat(l.segments.stream().map(SegmentSpool.Segment::seq).distinct().count())
          .isEqualTo(l.segments.size());
      assertPlayable(l.segments.stream().filter(s -> !s.partial()).toList());
    }
  }

  @Test
  void reportsABrokenPlaylistAndRecoversWhenItIsFixed(@TempDir Path dir) throws Exception {
    try (LoopbackHlsServer server = LoopbackHlsServer.start(hlsDir, false)) {
      server.setBrokenPlaylist(true);
      RecordingListener l = new RecordingListener();
      Capture c = capture(dir, server, l, FAST);
      c.start();
      waitFor(
          () -> l.states().stream().filter(s -> s == Capture.State.RETRYING).count() >= 2,
          30,
          "retries");
      assertThat(l.segments).isEmpty();
      Capture.Status dropped =
          l.statuses.stream()
              .filter(s -> s.state() == Capture.State.DROPPED)
              .findFirst()
              .orElseThrow();
      assertThat(dropped.message()).isNotBlank();

      server.setBrokenPlaylist(false);
      waitFor(() -> l.segments.size() >= 2, 40, "segments once the playlist is fixed");
      c.stop();
      assertThat(c.await(Duration.ofSeconds(20))).isEqualTo(Capture.State.STOPPED);
      assertPlayable(l.segments.stream().filter(s -> !s.partial()).toList());
    }
  }

  @Test
  void detectsAStallRetriesAndNeverLosesRecordedSegments(@TempDir Path dir) throws Exception {
    try (LoopbackHlsServer server = LoopbackHlsServer.start(hlsDir, false)) {
      RecordingListener l = new RecordingListener();
      Capture c = capture(dir, server, l, FAST);
      c.start();
      waitFor(() -> l.segments.size() >= 2, 30, "two segments");
      List<SegmentSpool.Segment> before = List.copyOf(l.segments);

      server.setStalled(true);
      waitFor(() -> l.states().contains(Capture.State.DROPPED), 30, "the stall to be noticed");
      Capture.Status dropped =
          l.statuses.stream()
              .filter(s -> s.state() == Capture.State.DROPPED)
              .findFirst()
              .orElseThrow();
      assertThat(dropped.message()).isNotBlank();
      server.setStalled(false);
      int n = l.segments.size();
      waitFor(() -> l.segments.size() >= n + 2, 40, "segments after the stall");
      c.stop();
      c.await(Duration.ofSeconds(20));
      assertThat(l.segments).startsWith(before.toArray(SegmentSpool.Segment[]::new));
      assertPlayable(before);
      assertThat(Files.list(dir.resolve("spool")).filter(p -> p.toString().endsWith(".ts")).count())
          .isEqualTo(l.segments.size());
    }
  }

  @Test
  void endsWhenTheLivePlaylistSaysEndList(@TempDir Path dir) throws Exception {
    Path shortDir = dir.resolve("short");
    TestMedia media = new TestMedia(ffmpeg);
    Path v = media.video(dir.resolve("v.ts"), 320, 180, 4, List.of(), null);
    media.hls(shortDir, v, 1);
    try (LoopbackHlsServer server = LoopbackHlsServer.start(shortDir, true)) {
      RecordingListener l = new RecordingListener();
      Capture c = capture(dir, server, l, FAST);
      c.start();
      assertThat(c.await(Duration.ofSeconds(40))).isEqualTo(Capture.State.ENDED);
      assertThat(l.segments).isNotEmpty();
      assertThat(l.samples).isGreaterThan(0);
    }
  }
}
