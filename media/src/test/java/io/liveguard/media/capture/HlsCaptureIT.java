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
    return capture(dir, server.liveUrl(), l, s);
  }

  Capture capture(Path dir, String url, RecordingListener l, Capture.Settings s) throws Exception {
    SegmentSpool spool =
        new SegmentSpool(
            dir.resolve("spool"),
            new FileBlobStore(dir.resolve("blobs")),
            SegmentSpool.Retention.DEFAULT);
    return new Capture(
        ffmpeg,
        MediaSource.parse(url, MediaSource.Policy.LOCAL),
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
  void capturesThroughTheEgressProxy(@TempDir Path dir) throws Exception {
    try (LoopbackHlsServer server = LoopbackHlsServer.start(hlsDir, false);
        EgressProxy proxy = EgressProxy.start(java.net.InetAddress::isLoopbackAddress)) {
      RecordingListener l = new RecordingListener();
      Capture c = capture(dir, server, l, FAST.withEgress(proxy));
      c.start();
      waitFor(() -> l.segments.size() >= 2, 30, "two segments through the proxy");
      c.stop();
      assertThat(c.await(Duration.ofSeconds(20))).isEqualTo(Capture.State.STOPPED);
      // the playlist and every segment went through it (ffmpeg honours http_proxy)
      assertThat(proxy.forwarded()).isGreaterThanOrEqualTo(3);
      assertThat(proxy.refusals()).isEmpty();
      assertPlayable(l.segments.stream().filter(s -> !s.partial()).toList());
    }
  }

  @Test
  void aPlaylistNamingTheCloudMetadataAddressIsStoppedAtTheProxy(@TempDir Path dir)
      throws Exception {
    // The stream address itself is an allowed (here: loopback) host; its playlist is hostile.
    com.sun.net.httpserver.HttpServer origin =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    byte[] playlist =
        ("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:1\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXTINF:1.0,\nhttp://169.254.169.254/latest/meta-data/iam/seg0.ts\n"
                + "#EXTINF:1.0,\nhttp://169.254.169.254/latest/meta-data/iam/seg1.ts\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    origin.createContext(
        "/live.m3u8",
        x -> {
          x.getResponseHeaders().add("Content-Type", "application/vnd.apple.mpegurl");
          x.sendResponseHeaders(200, playlist.length);
          try (var o = x.getResponseBody()) {
            o.write(playlist);
          }
        });
    origin.start();
    try (EgressProxy proxy = EgressProxy.start(java.net.InetAddress::isLoopbackAddress)) {
      String url = "http://127.0.0.1:" + origin.getAddress().getPort() + "/live.m3u8";
      RecordingListener l = new RecordingListener();
      Capture c = capture(dir, url, l, FAST.withEgress(proxy));
      c.start();
      waitFor(
          () -> proxy.refusals().stream().anyMatch(r -> r.startsWith("169.254.169.254: ")),
          30,
          "the proxy refusing the metadata address");
      c.stop();
      c.await(Duration.ofSeconds(20));
      assertThat(l.segments).isEmpty();
      assertThat(proxy.refusals()).allMatch(r -> !r.contains("meta-data"));
    } finally {
      origin.stop(0);
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

  @Test
  void capturesAnHttpFlvStream(@TempDir Path dir) throws Exception {
    Path flvDir = Files.createDirectories(dir.resolve("flv"));
    TestMedia media = new TestMedia(ffmpeg);
    media.video(flvDir.resolve("room.flv"), 320, 180, 4, List.of(), null);
    Files.writeString(flvDir.resolve("index.m3u8"), "#EXTM3U\n#EXTINF:1.0,\nroom.flv\n");
    try (LoopbackHlsServer server = LoopbackHlsServer.start(flvDir, true)) {
      MediaSource flv = MediaSource.parse(server.url("room.flv"), MediaSource.Policy.LOCAL);
      assertThat(flv.kind()).isEqualTo(MediaSource.Kind.HTTP_FLV);
      SegmentSpool spool =
          new SegmentSpool(
              dir.resolve("spool"),
              new FileBlobStore(dir.resolve("blobs")),
              SegmentSpool.Retention.DEFAULT);
      RecordingListener l = new RecordingListener();
      Capture c = new Capture(ffmpeg, flv, spool, FAST, l, InstantSource.system());
      c.start();
      assertThat(c.await(Duration.ofSeconds(40))).isEqualTo(Capture.State.ENDED);
      assertThat(l.segments).hasSizeGreaterThanOrEqualTo(3);
      assertThat(l.samples).isBetween(16000L * 39 / 10, 16000L * 41 / 10);
      // one keyframe per second of media, timed by the frame's own timestamp (the FLV's video
      // starts a few tens of milliseconds after its audio)
      assertThat(l.frameTimes).hasSizeGreaterThanOrEqualTo(4);
      for (int i = 0; i < 4; i++) {
        assertThat(l.frameTimes.get(i)).isBetween(i * 1000L, i * 1000L + 100);
      }
    }
  }
}
