package io.liveguard.media.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.Channel;
import io.liveguard.detect.Detector;
import io.liveguard.evidence.blob.FileBlobStore;
import io.liveguard.evidence.log.MerkleLog;
import io.liveguard.media.asr.Sphinx4Engine;
import io.liveguard.media.capture.Backoff;
import io.liveguard.media.capture.Capture;
import io.liveguard.media.capture.MediaSource;
import io.liveguard.media.capture.SegmentSpool;
import io.liveguard.media.event.MediaEvent;
import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.model.ModelStore;
import io.liveguard.media.ocr.PpOcr;
import io.liveguard.media.slice.EvidenceSlice;
import io.liveguard.media.slice.SliceSealer;
import io.liveguard.media.testmedia.LoopbackHlsServer;
import io.liveguard.media.testmedia.TestMedia;
import io.liveguard.media.vad.SileroVad;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality gates end to end, on real ffmpeg, ONNX models, espeak-ng audio and sphinx4. */
class MediaScanIT {

  final Ffmpeg ffmpeg = Ffmpeg.locate();
  final MediaEvent.Origin origin = new MediaEvent.Origin("other", "r-test", "s-1");

  @Test
  void bannerOnALiveHlsStreamBecomesAFindingWithAVerifiableSlice(@TempDir Path dir)
      throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path video =
        media.video(
            dir.resolve("v.ts"),
            1280,
            720,
            10,
            List.of(TestMedia.Banner.of("全网最低价 仅限今天", 3, 10)),
            null);
    media.hls(dir.resolve("hls"), video, 1);
    FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
    CollectingSink sink = new CollectingSink();
    try (LoopbackHlsServer server = LoopbackHlsServer.start(dir.resolve("hls"), true);
        PpOcr ocr = PpOcr.load(ModelStore.defaultStore(), 1);
        MerkleLog log = MerkleLog.open(dir.resolve("log"))) {
      MediaScanner.Config cfg =
          new MediaScanner.Config(
              origin,
              false,
              true,
              new Capture.Settings(1, 1, false, 30, Duration.ofSeconds(5), Backoff.DEFAULT),
              null,
              LocalDate.of(2025, 11, 8),
              0.5,
              30_000,
              2_000);
      MediaScanner scanner =
          new MediaScanner(
              ffmpeg,
              cfg,
              Detector.bundled(),
              null,
              null,
              ocr,
              new SegmentSpool(dir.resolve("spool"), blobs, SegmentSpool.Retention.DEFAULT),
              blobs,
              new SliceSealer(blobs, log),
              sink,
              InstantSource.system());
      MediaScanner.Summary summary =
          scanner.run(MediaSource.parse(server.liveUrl(), MediaSource.Policy.LOCAL));

      assertThat(summary.state()).isEqualTo(Capture.State.ENDED);
      assertThat(sink.events)
          .anySatisfy(e -> assertThat(e.text().replace(" ", "")).contains("全网最低价"));
      // the banner stays up for 7 s: one event, not one per frame
      assertThat(sink.events.stream().filter(e -> e.text().contains("最低价")).count()).isEqualTo(1);
      assertThat(sink.findings)
          .anySatisfy(
              f -> {
                assertThat(f.rule()).isEqualTo("ABS-PRICE");
                assertThat(f.channel()).isEqualTo(Channel.SCREEN);
              });
      MediaEvent shown = sink.findingEvents.get(0);
      assertThat(((MediaEvent.ScreenText) shown).mediaMillis()).isBetween(2000L, 5000L);
      assertThat(shown.toJson())
          .contains("\"type\":\"screen_text\"")
          .contains("\"frame\":\"sha256:");

      assertThat(sink.slices).isNotEmpty();
      EvidenceSlice slice = sink.slices.get(0);
      assertThat(SliceSealer.verify(slice, blobs)).isEmpty();
      assertThat(new String(slice.manifest(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"segments\":[{")
          .contains("\"frame\":{");
      // a slice checked against another root fails
      byte[] otherRoot = slice.root().clone();
      otherRoot[0] ^= 1;
      EvidenceSlice forged =
          new EvidenceSlice(
              slice.manifestSha256(),
              slice.manifest(),
              slice.leafIndex(),
              slice.proof(),
              otherRoot);
      assertThat(SliceSealer.verify(forged, blobs)).isNotEmpty();
      byte[] tampered = slice.manifest().clone();
      tampered[tampered.length - 3] ^= 1;
      EvidenceSlice edited =
          new EvidenceSlice(
              slice.manifestSha256(), tampered, slice.leafIndex(), slice.proof(), slice.root());
      assertThat(SliceSealer.verify(edited, blobs)).isNotEmpty();
    }
  }

  @Test
  void englishSpeechThroughSphinx4BecomesATranscriptAndAFinding(@TempDir Path dir)
      throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path phrase = media.speech(dir.resolve("p.wav"), "en-us", "this is the lowest price anywhere");
    Path audio = media.sequence(dir.resolve("a.wav"), List.of(phrase), 1.0, 5);
    Path video = media.video(dir.resolve("v.mp4"), 320, 180, 5, List.of(), audio);
    FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
    CollectingSink sink = new CollectingSink();
    try (SileroVad vad = SileroVad.load(ModelStore.defaultStore());
        Sphinx4Engine asr = Sphinx4Engine.english();
        MerkleLog log = MerkleLog.open(dir.resolve("log"))) {
      MediaScanner.Config cfg =
          new MediaScanner.Config(
              origin,
              true,
              false,
              Capture.Settings.DEFAULT,
              null,
              LocalDate.of(2025, 11, 8),
              0.5,
              30_000,
              2_000);
      MediaScanner scanner =
          new MediaScanner(
              ffmpeg,
              cfg,
              EnglishRules.detector(dir.resolve("rules")),
              vad,
              asr,
              null,
              new SegmentSpool(dir.resolve("spool"), blobs, SegmentSpool.Retention.DEFAULT),
              blobs,
              new SliceSealer(blobs, log),
              sink,
              InstantSource.system());
      MediaScanner.Summary summary =
          scanner.run(MediaSource.parse(video.toString(), MediaSource.Policy.LOCAL));
      System.out.println("events: " + sink.events + " statuses " + sink.statuses);

      assertThat(summary.state()).isEqualTo(Capture.State.ENDED);
      assertThat(sink.events).hasSize(1);
      MediaEvent.Transcript t = (MediaEvent.Transcript) sink.events.get(0);
      assertThat(t.engine()).isEqualTo("sphinx4");
      assertThat(t.text()).contains("price anywhere");
      assertThat(t.startMillis()).isBetween(700L, 1600L);
      assertThat(t.endMillis()).isGreaterThan(t.startMillis());
      assertThat(sink.findings)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.rule()).isEqualTo("EN-ABS-PRICE");
                assertThat(f.channel()).isEqualTo(Channel.SPEECH);
              });
      assertThat(sink.slices).hasSize(1);
      assertThat(SliceSealer.verify(sink.slices.get(0), blobs)).isEmpty();
      assertThat(Arrays.asList(t.toJson().split(","))).contains("\"engine\":\"sphinx4\"}");
    }
  }
}
