package io.liveguard.media.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.Channel;
import io.liveguard.detect.Detector;
import io.liveguard.evidence.EvidenceVault;
import io.liveguard.evidence.VaultOptions;
import io.liveguard.evidence.pkg.EvidenceManifest;
import io.liveguard.evidence.verify.PackageVerifier;
import io.liveguard.evidence.verify.VerificationReport;
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
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
  void bannerOnALiveHlsStreamBecomesAFindingWithAVerifiablePackage(@TempDir Path dir)
      throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path video =
        media.video(
            dir.resolve("v.ts"),
            1280,
            720,
            10,
            List.of(TestMedia.Banner.of("全网最低价 仅限今天 ¥99", 3, 10)),
            null);
    media.hls(dir.resolve("hls"), video, 1);
    CollectingSink sink = new CollectingSink();
    Detector detector = Detector.bundled();
    try (PpOcr ocr = PpOcr.load(ModelStore.defaultStore(), 1);
        EvidenceVault vault =
            EvidenceVault.open(dir.resolve("vault"), VaultOptions.defaults("test-node", "test"))) {
      // warm up before the live origin's clock starts, so the capture joins at its beginning
      ocr.warmUp();
      detector.check(
          "全网最低价",
          new io.liveguard.detect.CheckOptions(Channel.SCREEN, null, LocalDate.of(2025, 11, 8)));
      LoopbackHlsServer server = LoopbackHlsServer.start(dir.resolve("hls"), true);
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
                  2_000)
              .withListingOnSale(at -> "L-1");
      SliceSealer sealer = new SliceSealer(vault, "test");
      // a rolling window of 6 s of media: older segments leave the spool unless a finding pins them
      SegmentSpool spool =
          new SegmentSpool(
              dir.resolve("spool"),
              vault.store(),
              new SegmentSpool.Retention(Long.MAX_VALUE, 6_000));
      MediaScanner scanner =
          new MediaScanner(
              ffmpeg, cfg, detector, null, null, ocr, spool, sealer, sink, InstantSource.system());
      MediaScanner.Summary summary;
      try {
        summary = scanner.run(MediaSource.parse(server.liveUrl(), MediaSource.Policy.LOCAL));
      } finally {
        server.close();
      }

      assertThat(summary.state()).isEqualTo(Capture.State.ENDED);
      assertThat(sink.events)
          .anySatisfy(e -> assertThat(e.text().replace(" ", "")).contains("全网最低价"));
      // the banner stays up for 7 s: one event, not one per frame
      assertThat(
              sink.events.stream()
                  .filter(e -> e instanceof MediaEvent.ScreenText && e.text().contains("最低价"))
                  .count())
          .isEqualTo(1);
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

      // the price on the banner is a price observation of the listing on sale
      assertThat(summary.prices()).isEqualTo(1);
      assertThat(sink.events)
          .filteredOn(e -> e instanceof MediaEvent.PriceShown)
          .singleElement()
          .satisfies(
              e -> {
                MediaEvent.PriceShown p = (MediaEvent.PriceShown) e;
                assertThat(p.price()).isEqualByComparingTo("99");
                assertThat(p.listing()).isEqualTo("L-1");
                assertThat(p.screenText()).isEqualTo(shown.id());
                assertThat(p.toJson()).contains("\"type\":\"price\"");
              });

      // sealed through the evidence vault, segments kept although the window is one byte
      assertThat(sink.slices).isNotEmpty();
      EvidenceSlice slice = sink.slices.get(0);
      long frameAt = ((MediaEvent.ScreenText) shown).mediaMillis();
      assertThat(slice.segments())
          .anySatisfy(g -> assertThat(frameAt).isBetween(g.startMillis(), g.endMillis() - 1))
          .allSatisfy(g -> assertThat(g.blob()).isNotNull());
      assertThat(spool.segments()).anyMatch(SegmentSpool.Segment::swept);
      assertThat(slice.sealed().manifest().items())
          .extracting(EvidenceManifest.Item::role)
          .contains("clip", "frame", "other");
      assertThat(slice.sealed().manifest().detection().rule()).isNotBlank();
      assertThat(slice.sealed().manifest().subject())
          .containsEntry("room", "r-test")
          .containsEntry("session", "s-1");

      Path pkg = dir.resolve("slice.zip");
      try (OutputStream o = Files.newOutputStream(pkg)) {
        sealer.export(slice, "test officer", o);
      }
      VerificationReport ok = PackageVerifier.verify(pkg, vault.trustPolicy());
      assertThat(ok.failures()).isEmpty();
      assertThat(ok.passed()).isTrue();

      // one byte changed inside a segment of the package is caught, and named
      byte[] zip = Files.readAllBytes(pkg);
      String clip = slice.segments().get(0).blob().sha256();
      int name = indexOf(zip, ("items/" + clip).getBytes(StandardCharsets.US_ASCII));
      assertThat(name).isPositive();
      int data = name + ("items/" + clip).length();
      zip[data + 500] ^= 0x01;
      Path tampered = Files.write(dir.resolve("tampered.zip"), zip);
      VerificationReport bad = PackageVerifier.verify(tampered, vault.trustPolicy());
      assertThat(bad.passed()).isFalse();
      assertThat(bad.failures()).anySatisfy(c -> assertThat(c.toString()).contains(clip));
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void englishSpeechThroughSphinx4BecomesATranscriptAndAFinding(@TempDir Path dir)
      throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path phrase = media.speech(dir.resolve("p.wav"), "en-us", "this is the lowest price anywhere");
    Path audio = media.sequence(dir.resolve("a.wav"), List.of(phrase), 1.0, 5);
    Path video = media.video(dir.resolve("v.mp4"), 320, 180, 5, List.of(), audio);
    CollectingSink sink = new CollectingSink();
    try (SileroVad vad = SileroVad.load(ModelStore.defaultStore());
        Sphinx4Engine asr = Sphinx4Engine.english();
        EvidenceVault vault =
            EvidenceVault.open(dir.resolve("vault"), VaultOptions.defaults("test-node", "test"))) {
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
              new SegmentSpool(dir.resolve("spool"), vault.store(), SegmentSpool.Retention.DEFAULT),
              new SliceSealer(vault, "test"),
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
      EvidenceSlice slice = sink.slices.get(0);
      assertThat(slice.sealed().manifest().items())
          .extracting(EvidenceManifest.Item::role)
          .contains("clip", "transcript");
      Path pkg = dir.resolve("speech.zip");
      try (OutputStream o = Files.newOutputStream(pkg)) {
        vault.exportPackage(slice.id(), "test officer", o);
      }
      assertThat(PackageVerifier.verify(pkg, vault.trustPolicy()).failures()).isEmpty();
      assertThat(Arrays.asList(t.toJson().split(","))).contains("\"engine\":\"sphinx4\"}");
    }
  }
}
