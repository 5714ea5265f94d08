package io.liveguard.media.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.evidence.blob.FileBlobStore;
import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.testmedia.TestMedia;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture from RTMP with a real RTMP server: the bundled ffmpeg playing a file at its real pace to
 * the one client that connects ({@code ffmpeg -re -i FILE -c copy -f flv -listen 1
 * rtmp://127.0.0.1:PORT/live/x}). The server going away mid-stream is a dropped stream: the capture
 * reports it, retries with backoff while nothing listens, reconnects when the server is back, and
 * keeps every segment recorded before the drop.
 */
class RtmpCaptureIT {

  static final Ffmpeg ffmpeg = Ffmpeg.locate();

  static Process rtmpServer(Path flv, int port) throws IOException {
    return ffmpeg
        .processBuilder(
            ffmpeg.command(
                "-re",
                "-i",
                flv.toString(),
                "-c",
                "copy",
                "-f",
                "flv",
                "-listen",
                "1",
                "rtmp://127.0.0.1:" + port + "/live/x"))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void capturesAnRtmpStreamAndReconnectsWithBackoffWhenItDrops(@TempDir Path dir) throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path speech =
        media.speech(
            dir.resolve("s.wav"), "cmn-latn-pinyin", "jin1 tian1 quan2 wang3 zui4 di1 jia4");
    Path flv = media.video(dir.resolve("room.flv"), 320, 180, 6, List.of(), speech);
    int port = freePort();
    MediaSource source =
        MediaSource.parse("rtmp://127.0.0.1:" + port + "/live/x", MediaSource.Policy.LOCAL);
    assertThat(source.kind()).isEqualTo(MediaSource.Kind.RTMP);
    SegmentSpool spool =
        new SegmentSpool(
            dir.resolve("spool"),
            new FileBlobStore(dir.resolve("blobs")),
            SegmentSpool.Retention.DEFAULT);
    RecordingListener l = new RecordingListener();
    Capture.Settings settings =
        new Capture.Settings(
            1,
            1,
            false,
            120,
            Duration.ofSeconds(4),
            new Backoff(Duration.ofMillis(200), Duration.ofMillis(1000), Integer.MAX_VALUE));
    Process first = rtmpServer(flv, port);
    Process second = null;
    Capture c = new Capture(ffmpeg, source, spool, settings, l, InstantSource.system());
    try {
      Thread.sleep(700); // let the server listen; connecting earlier is retried anyway
      c.start();
      // the first server plays 6 s and exits: for the client the stream drops
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
      HlsCaptureIT.waitFor(
          () -> l.states().contains(Capture.State.RETRYING), 30, "a retry after the drop");
      // nothing listens for a while: connection refused, retried with growing delays
      Thread.sleep(2500);
      List<SegmentSpool.Segment> beforeDrop = List.copyOf(l.segments);
      long samplesBeforeDrop = l.samples;
      assertThat(beforeDrop).hasSizeGreaterThanOrEqualTo(4);
      assertThat(samplesBeforeDrop).isGreaterThan(16000L * 5);

      second = rtmpServer(flv, port);
      HlsCaptureIT.waitFor(
          () -> l.samples > samplesBeforeDrop + 16000L * 5, 60, "audio from the second server");
      HlsCaptureIT.waitFor(
          () -> l.segments.size() >= beforeDrop.size() + 4, 30, "segments from the second server");
    } finally {
      c.stop();
      assertThat(c.await(Duration.ofSeconds(30))).isEqualTo(Capture.State.STOPPED);
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
      }
    }
    List<Capture.Status> retries =
        l.statuses.stream().filter(s -> s.state() == Capture.State.RETRYING).toList();
    assertThat(retries).hasSizeGreaterThanOrEqualTo(2);
    assertThat(retries).allSatisfy(s -> assertThat(s.retryIn()).isPositive());
    // exponential backoff: a later wait may be longer than the first (full jitter, capped at 1 s)
    assertThat(retries.stream().mapToLong(s -> s.retryIn().toMillis()).max().getAsLong())
        .isLessThanOrEqualTo(1000);
    assertThat(l.states()).contains(Capture.State.DROPPED);
    assertThat(l.discontinuities).isNotEmpty();
    // sequence numbers continue across the reconnect; nothing recorded before the drop is lost
    List<Long> seqs = l.segments.stream().map(SegmentSpool.Segment::seq).toList();
    assertThat(seqs).doesNotHaveDuplicates().isSorted();
    for (SegmentSpool.Segment s : spool.segments()) {
      assertThat(Files.size(s.file())).isPositive();
    }
    assertThat(l.frameTimes).hasSizeGreaterThanOrEqualTo(8);
  }

  @Test
  void throughTheEgressProxyAnRtmpStreamIsCapturedOnlyWhenItsHostIsAllowed(@TempDir Path dir)
      throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path speech =
        media.speech(
            dir.resolve("s.wav"), "cmn-latn-pinyin", "jin1 tian1 quan2 wang3 zui4 di1 jia4");
    Path flv = media.video(dir.resolve("room.flv"), 320, 180, 4, List.of(), speech);
    Capture.Settings settings =
        new Capture.Settings(
            1,
            1,
            false,
            60,
            Duration.ofSeconds(4),
            new Backoff(Duration.ofMillis(200), Duration.ofMillis(500), 2));

    // allowed: ffmpeg connects to the proxy's loopback tunnel, which carries it to the server
    int port = freePort();
    MediaSource source =
        MediaSource.parse("rtmp://127.0.0.1:" + port + "/live/x", MediaSource.Policy.LOCAL);
    try (EgressProxy egress = EgressProxy.start(a -> true)) {
      RecordingListener l = new RecordingListener();
      Process server = rtmpServer(flv, port);
      Capture c =
          new Capture(
              ffmpeg,
              source,
              spool(dir.resolve("a")),
              settings.withEgress(egress),
              l,
              InstantSource.system());
      try {
        Thread.sleep(700);
        c.start();
        HlsCaptureIT.waitFor(() -> l.samples > 16000L * 3, 60, "audio through the tunnel");
      } finally {
        c.stop();
        c.await(Duration.ofSeconds(30));
        server.destroyForcibly();
      }
      assertThat(egress.forwarded()).isPositive();
      assertThat(egress.refusals()).isEmpty();
      assertThat(l.frameTimes).isNotEmpty();
    }

    // refused: the same stream behind a policy that forbids loopback gets no byte through
    int port2 = freePort();
    MediaSource refused =
        MediaSource.parse("rtmp://localhost:" + port2 + "/live/x", MediaSource.Policy.LOCAL);
    try (EgressProxy egress = EgressProxy.start(a -> !a.isLoopbackAddress())) {
      RecordingListener l = new RecordingListener();
      Process server = rtmpServer(flv, port2);
      Capture c =
          new Capture(
              ffmpeg,
              refused,
              spool(dir.resolve("b")),
              settings.withEgress(egress),
              l,
              InstantSource.system());
      try {
        Thread.sleep(700);
        c.start();
        assertThat(c.await(Duration.ofSeconds(60))).isEqualTo(Capture.State.FAILED);
      } finally {
        c.stop();
        server.destroyForcibly();
      }
      assertThat(l.samples).isZero();
      assertThat(l.segments).isEmpty();
      assertThat(egress.forwarded()).isZero();
      assertThat(egress.refusals())
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r).startsWith("localhost: resolves to "));
    }
  }

  private static SegmentSpool spool(Path dir) throws IOException {
    return new SegmentSpool(
        dir.resolve("spool"),
        new FileBlobStore(dir.resolve("blobs")),
        SegmentSpool.Retention.DEFAULT);
  }
}
