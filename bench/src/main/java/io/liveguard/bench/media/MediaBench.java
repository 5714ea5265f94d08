package io.liveguard.bench.media;

import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.evidence.blob.FileBlobStore;
import io.liveguard.media.asr.Sphinx4Engine;
import io.liveguard.media.capture.Capture;
import io.liveguard.media.capture.MediaSource;
import io.liveguard.media.capture.SegmentSpool;
import io.liveguard.media.event.MediaEvent;
import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.model.ModelStore;
import io.liveguard.media.ocr.Frame;
import io.liveguard.media.ocr.PpOcr;
import io.liveguard.media.scan.MediaScanner;
import io.liveguard.media.scan.ScanSink;
import io.liveguard.media.testmedia.TestMedia;
import io.liveguard.media.vad.SileroVad;
import io.liveguard.media.vad.SpeechSegmenter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A timed harness for the media pipeline (JMH does not fit: the units are processes, streams and
 * seconds of media). Prints one line per figure; docs/benchmarks.md records a run.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.liveguard.bench.media.MediaBench}
 */
public final class MediaBench {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private MediaBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("liveguard-mediabench-");
    Ffmpeg ffmpeg = Ffmpeg.locate();
    TestMedia media = new TestMedia(ffmpeg);
    ModelStore models = ModelStore.defaultStore();
    System.out.printf(
        "machine: %d cores, ffmpeg %s%n", Runtime.getRuntime().availableProcessors(), ffmpeg);
    if (args.length > 0 && args[0].equals("latency")) {
      // only the latency figures: `MediaBench latency [KEYFRAME_SECONDS…]`
      for (int i = 1; i < Math.max(2, args.length); i++) {
        latency(ffmpeg, media, models, dir, args.length > 1 ? Double.parseDouble(args[i]) : 2);
      }
      speechEndpoint(media, models, dir);
      return;
    }

    // 1. OCR per 720p frame, one intra-op thread, against Tesseract chi_sim on the same frame
    Path video =
        media.video(
            dir.resolve("f.mp4"),
            1280,
            720,
            1.5,
            List.of(TestMedia.Banner.of("全网最低价 仅限今天 到手价¥99", 0, 2)),
            null);
    Path png = dir.resolve("f.png");
    ffmpeg.run(
        List.of("-y", "-ss", "0.5", "-i", video.toString(), "-frames:v", "1", png.toString()), 60);
    Frame frame = Frame.read(png);
    double ocrMs;
    double ocrCpuMs;
    try (PpOcr ocr = PpOcr.load(models, 1)) {
      for (int i = 0; i < 5; i++) {
        ocr.read(frame);
      }
      List<Double> ms = new ArrayList<>();
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      int n = 30;
      for (int i = 0; i < n; i++) {
        long t = System.nanoTime();
        ocr.read(frame);
        ms.add((System.nanoTime() - t) / 1e6);
      }
      double cpuMs = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6 / n;
      ocrCpuMs = cpuMs;
      Collections.sort(ms);
      ocrMs = ms.get(ms.size() / 2);
      System.out.printf(
          Locale.ROOT,
          "ocr.ppocr_v4.720p: median %.1f ms, p95 %.1f ms (wall), %.1f ms CPU of the calling thread, text %s%n",
          ocrMs,
          ms.get((int) (ms.size() * 0.95)),
          cpuMs,
          ocr.read(frame).stream().map(l -> l.text()).toList());
    }
    double tessMs = tesseract(png);
    if (tessMs > 0) {
      System.out.printf(
          Locale.ROOT,
          "ocr.tesseract_chi_sim.720p (peer, CLI incl. start-up): median %.1f ms; PP-OCR/Tesseract time ratio %.2f%n",
          tessMs,
          ocrMs / tessMs);
    }

    // 2. VAD real-time factor on 60 s of speech and silence
    Path phrase =
        media.speech(
            dir.resolve("p.wav"),
            "cmn-latn-pinyin",
            "jia1 ren2 men, quan2 wang3 zui4 di1 jia4, jin3 xian4 jin1 tian1");
    Path longAudio =
        media.sequence(dir.resolve("long.wav"), Collections.nCopies(10, phrase), 2.5, 60);
    short[] pcm = ffmpeg.decodePcm16k(longAudio, 120);
    try (SileroVad vad = SileroVad.load(models)) {
      SpeechSegmenter warm = new SpeechSegmenter(vad, SpeechSegmenter.Settings.DEFAULT);
      warm.accept(pcm, 0, 16000 * 5);
      SpeechSegmenter s = new SpeechSegmenter(vad, SpeechSegmenter.Settings.DEFAULT);
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      int utterances = s.accept(pcm, 0, pcm.length).size();
      double cpuS = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
      double audioS = pcm.length / 16000.0;
      System.out.printf(
          Locale.ROOT,
          "vad.silero_v5: RTF %.4f (%.2f s CPU for %.1f s audio, %d utterances)%n",
          cpuS / audioS,
          cpuS,
          audioS,
          utterances);
    }

    // 3. ASR real-time factor: sphinx4 (English) on one utterance
    Path en = media.speech(dir.resolve("en.wav"), "en-us", "this is the lowest price anywhere");
    short[] enPcm = ffmpeg.decodePcm16k(en, 30);
    try (Sphinx4Engine asr = Sphinx4Engine.english()) {
      asr.transcribe(enPcm, 0);
      long cpu0 = THREADS.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      var r = asr.transcribe(enPcm, 0);
      double cpuS = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e9;
      double wallS = (System.nanoTime() - t0) / 1e9;
      double audioS = enPcm.length / 16000.0;
      System.out.printf(
          Locale.ROOT,
          "asr.sphinx4_en: RTF %.2f CPU (%.2f wall) on %.1f s audio -> %s%n",
          cpuS / audioS,
          wallS / audioS,
          audioS,
          r);
    }

    // 4. capture cost per room: ffmpeg CPU per second of 720p media (segments + PCM + a keyframe
    // every 2 s)
    Path live = media.video(dir.resolve("live.ts"), 1280, 720, 30, List.of(), longAudio);
    double ffmpegCpuPerSecond = captureCpu(ffmpeg, live, dir.resolve("cap"), 30);
    double ocrCpuPerSecond = ocrCpuMs / 1000 / 2;
    System.out.printf(
        Locale.ROOT,
        "capture.ffmpeg.720p: %.4f core-seconds per media second%n",
        ffmpegCpuPerSecond);
    System.out.printf(
        Locale.ROOT,
        "rooms_per_core.screen_every_2s (every keyframe read): %.1f (1 / (capture %.4f + OCR %.4f core-s/s))%n",
        1 / (ffmpegCpuPerSecond + ocrCpuPerSecond),
        ffmpegCpuPerSecond,
        ocrCpuPerSecond);
    // with the frame-change gate: a thumbnail per keyframe, OCR when the picture changed and at
    // least every 5th keyframe
    io.liveguard.media.ocr.FrameChange gate = new io.liveguard.media.ocr.FrameChange(10, 2, 1000);
    gate.changed(frame);
    long g0 = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < 200; i++) {
      gate.changed(frame);
    }
    double gateCpuMs = (THREADS.getCurrentThreadCpuTime() - g0) / 1e6 / 200;
    for (double changedShare : new double[] {0.2, 0.3}) {
      double perSecond = (gateCpuMs + changedShare * ocrCpuMs) / 1000 / 2;
      System.out.printf(
          Locale.ROOT,
          "rooms_per_core.screen_every_2s (gate %.2f ms CPU, %.0f %% of keyframes read): %.1f%n",
          gateCpuMs,
          changedShare * 100,
          1 / (ffmpegCpuPerSecond + perSecond));
    }
    System.out.println(
        "rooms_per_core.speech_on (sphinx4): below 1, see the ASR RTF (Mandarin ASR runs on a FunASR server)");

    // 5. latency from a shown banner to its finding, watching a file at its real pace
    latency(ffmpeg, media, models, dir, 2);
    latency(ffmpeg, media, models, dir, 1);
    speechEndpoint(media, models, dir);
  }

  private static double tesseract(Path png) {
    List<Double> ms = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) {
        long t = System.nanoTime();
        Process p =
            new ProcessBuilder("tesseract", png.toString(), "-", "-l", "chi_sim", "--psm", "3")
                .redirectErrorStream(true)
                .start();
        String out =
            new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
          System.out.println("tesseract failed: " + out);
          return -1;
        }
        if (i > 0) {
          ms.add((System.nanoTime() - t) / 1e6);
        }
        if (i == 1) {
          System.out.println("tesseract text: " + out.strip().replace('\n', ' '));
        }
      }
    } catch (java.io.IOException | InterruptedException e) {
      System.out.println(
          "tesseract not available (apt-get install tesseract-ocr-chi-sim): " + e.getMessage());
      return -1;
    }
    Collections.sort(ms);
    return ms.get(ms.size() / 2);
  }

  private static double captureCpu(Ffmpeg ffmpeg, Path file, Path dir, double seconds)
      throws Exception {
    Files.createDirectories(dir);
    SegmentSpool spool =
        new SegmentSpool(
            dir.resolve("spool"),
            new FileBlobStore(dir.resolve("blobs")),
            SegmentSpool.Retention.DEFAULT);
    long[] maxTicks = {0};
    Capture c =
        new Capture(
            ffmpeg,
            MediaSource.parse(file.toString(), MediaSource.Policy.LOCAL),
            spool,
            Capture.Settings.DEFAULT,
            new Capture.Listener() {},
            InstantSource.system());
    c.start();
    // sample the CPU ticks of ffmpeg children of this JVM while they run
    long self = ProcessHandle.current().pid();
    while (c.await(Duration.ofMillis(20)) == null) {
      ProcessHandle.current()
          .children()
          .forEach(
              ph -> {
                try {
                  String[] f =
                      Files.readString(Path.of("/proc/" + ph.pid() + "/stat"))
                          .split("\\) ")[1]
                          .split(" ");
                  long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                  if (ph.info().command().orElse("").contains("ffmpeg")) {
                    maxTicks[0] = Math.max(maxTicks[0], ticks);
                  }
                } catch (Exception e) {
                  // the process ended between listing and reading
                }
              });
    }
    return maxTicks[0] / 100.0 / seconds + 0 * self;
  }

  /**
   * The engine-independent part of the spoken-phrase latency: from the end of a phrase to the
   * moment the VAD hands the utterance to the ASR engine, in media time (VAD window + end-of-speech
   * silence), over ten phrases.
   */
  private static void speechEndpoint(TestMedia media, ModelStore models, Path dir)
      throws Exception {
    Path phrase =
        media.speech(
            dir.resolve("ep.wav"),
            "cmn-latn-pinyin",
            "jia1 ren2 men, quan2 wang3 zui4 di1 jia4, jin3 xian4 jin1 tian1");
    Path seq = media.sequence(dir.resolve("ep-seq.wav"), Collections.nCopies(10, phrase), 2.5, 40);
    short[] pcm = Ffmpeg.locate().decodePcm16k(seq, 120);
    try (SileroVad vad = SileroVad.load(models)) {
      SpeechSegmenter s = new SpeechSegmenter(vad, SpeechSegmenter.Settings.DEFAULT);
      List<Double> delays = new ArrayList<>();
      int step = 1600; // 100 ms, as the capture delivers it
      for (int off = 0; off < pcm.length; off += step) {
        int len = Math.min(step, pcm.length - off);
        for (SpeechSegmenter.Utterance u : s.accept(pcm, off, len)) {
          // the utterance is available once this chunk is fed: media time off + len
          double availableAt = (off + len) / 16000.0;
          double speechEnd = lastVoiced(pcm, u) / 16000.0;
          delays.add(availableAt - speechEnd);
        }
      }
      Collections.sort(delays);
      System.out.printf(
          Locale.ROOT,
          "latency.speech.vad_endpoint (phrase end -> utterance to ASR, %d utterances): p50 %.2f s, max %.2f s%n",
          delays.size(),
          delays.isEmpty() ? Double.NaN : delays.get(delays.size() / 2),
          delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1));
    }
  }

  /** The sample after the last one louder than -40 dBFS in the utterance, in stream samples. */
  private static long lastVoiced(short[] pcm, SpeechSegmenter.Utterance u) {
    for (long i = Math.min(pcm.length, u.endSample()) - 1; i >= u.startSample(); i--) {
      if (Math.abs(pcm[(int) i]) > 328) {
        return i + 1;
      }
    }
    return u.startSample();
  }

  private static void latency(
      Ffmpeg ffmpeg, TestMedia media, ModelStore models, Path dir, double keyframeSeconds)
      throws Exception {
    String[] texts = {"全网最低价", "全国最低价", "全年最低价", "全网最低价 只有今天", "全国最低价 拼手速", "全年最低价 快抢"};
    List<TestMedia.Banner> banners = new ArrayList<>();
    double[] shownAt = new double[texts.length];
    for (int i = 0; i < texts.length; i++) {
      shownAt[i] = 2.3 + i * 4.7;
      banners.add(TestMedia.Banner.of(texts[i], shownAt[i], shownAt[i] + 3));
    }
    Path video = media.video(dir.resolve("lat.mp4"), 1280, 720, 31, banners, null);
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Double> fromStart = Collections.synchronizedList(new ArrayList<>());
    long[] start = {0};
    long[] connected = {0};
    FileBlobStore blobs = new FileBlobStore(dir.resolve("lat-blobs"));
    try (PpOcr ocr = PpOcr.load(models, 1)) {
      MediaScanner.Config cfg =
          new MediaScanner.Config(
              new MediaEvent.Origin("other", "bench", "lat"),
              false,
              true,
              Capture.Settings.DEFAULT.withRealtime(true).withKeyframeSeconds(keyframeSeconds),
              null,
              LocalDate.of(2025, 11, 8),
              0.5,
              2_500,
              2_000);
      ScanSink sink =
          new ScanSink() {
            @Override
            public void event(MediaEvent e) {}

            @Override
            public void finding(MediaEvent e, Finding f) {
              double now = (System.nanoTime() - start[0]) / 1e9;
              double media = ((MediaEvent.ScreenText) e).mediaMillis() / 1000.0;
              // the banner shown last before this frame
              double shown = 0;
              for (double s : shownAt) {
                if (s <= media + 1e-6) {
                  shown = s;
                }
              }
              fromStart.add(now - shown);
              double l = now - (connected[0] - start[0]) / 1e9 - shown;
              latencies.add(l);
              if (Boolean.getBoolean("liveguard.bench.detail")) {
                System.out.printf(
                    Locale.ROOT,
                    "  finding %s: shown %.1f s, frame %.2f s, latency %.2f s%n",
                    f.rule(),
                    shown,
                    media,
                    l);
              }
            }

            @Override
            public void status(Capture.Status s) {
              if (s.state() == Capture.State.CONNECTED && connected[0] == 0) {
                connected[0] = System.nanoTime();
              }
            }
          };
      MediaScanner scanner =
          new MediaScanner(
              ffmpeg,
              cfg,
              Detector.bundled(),
              null,
              null,
              ocr,
              new SegmentSpool(
                  dir.resolve("lat-spool-" + keyframeSeconds),
                  blobs,
                  SegmentSpool.Retention.DEFAULT),
              null,
              sink,
              InstantSource.system());
      start[0] = System.nanoTime();
      scanner.run(MediaSource.parse(video.toString(), MediaSource.Policy.LOCAL));
    }
    report("from ffmpeg connected", keyframeSeconds, texts.length, latencies);
    report("from before start-up", keyframeSeconds, texts.length, fromStart);
  }

  private static void report(String clock, double keyframe, int banners, List<Double> values) {
    List<Double> l = new ArrayList<>(values);
    Collections.sort(l);
    if (l.isEmpty()) {
      System.out.println("latency.screen: no finding");
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "latency.screen (banner shown -> finding, %s, keyframe every %.1f s, %d findings of %d banners): p50 %.2f s, p95 %.2f s, max %.2f s%n",
        clock,
        keyframe,
        l.size(),
        banners,
        l.get(l.size() / 2),
        l.get(Math.min(l.size() - 1, (int) Math.ceil(l.size() * 0.95) - 1)),
        l.get(l.size() - 1));
  }
}
