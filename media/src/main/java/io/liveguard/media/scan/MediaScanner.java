package io.liveguard.media.scan;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.detect.FindingJson;
import io.liveguard.evidence.blob.BlobRef;
import io.liveguard.evidence.blob.BlobStore;
import io.liveguard.media.asr.AsrEngine;
import io.liveguard.media.asr.TranscriptSegment;
import io.liveguard.media.capture.Capture;
import io.liveguard.media.capture.MediaSource;
import io.liveguard.media.capture.SegmentSpool;
import io.liveguard.media.event.MediaEvent;
import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.ocr.Frame;
import io.liveguard.media.ocr.PpOcr;
import io.liveguard.media.ocr.PriceTags;
import io.liveguard.media.ocr.TextLine;
import io.liveguard.media.slice.EvidenceSlice;
import io.liveguard.media.slice.SliceSealer;
import io.liveguard.media.vad.SileroVad;
import io.liveguard.media.vad.SpeechSegmenter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Watches one room: capture → (VAD → ASR → transcript) and (keyframe → OCR → screen text) → rules →
 * findings, each finding fixed as an {@link EvidenceSlice} (the segments around it, the frame, the
 * event and the finding) when a sealer is given.
 *
 * <p>Recognition runs on one thread per element (speech, screen) so capture never waits for it; the
 * sink is called under one lock. Identical screen text seen again within {@code repeatMillis} (a
 * banner that stays up) yields one event, not one per frame. Not reusable: one scanner per session.
 */
public final class MediaScanner {

  /** What to watch and how. */
  public record Config(
      MediaEvent.Origin origin,
      boolean speech,
      boolean screen,
      Capture.Settings capture,
      String product,
      LocalDate conductDate,
      double minOcrConfidence,
      long repeatMillis,
      long slicePadMillis) {
    public Config {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(capture, "capture");
      Objects.requireNonNull(conductDate, "conductDate");
      if (!speech && !screen) {
        throw new IllegalArgumentException("nothing to watch: enable speech or screen");
      }
    }
  }

  /** What one scan did. */
  public record Summary(
      Capture.State state, int events, int findings, int slices, int framesRead, int utterances) {}

  private final Ffmpeg ffmpeg;
  private final Config config;
  private final Detector detector;
  private final SileroVad vad;
  private final AsrEngine asr;
  private final PpOcr ocr;
  private final SegmentSpool spool;
  private final BlobStore blobs;
  private final SliceSealer sealer;
  private final ScanSink sink;
  private final InstantSource clock;

  private final ExecutorService speechWorker = single("scan-asr");
  private final ExecutorService screenWorker = single("scan-ocr");
  private final Object sinkLock = new Object();
  private final Map<String, Long> lastShown = new HashMap<>();
  private final List<PendingSlice> pending = new ArrayList<>();
  private SpeechSegmenter segmenter;
  private long audioBase;
  private long audioSamples;
  private Instant sessionStart;
  private int events;
  private int findings;
  private int slices;
  private int frames;
  private int utterances;
  private int screenSeq;

  private record PendingSlice(
      long from, long to, MediaEvent event, String findingJson, BlobRef frame) {}

  /**
   * A scanner. {@code asr} and {@code vad} may be null when speech is off, {@code ocr} when screen
   * is off; {@code sealer} null to skip evidence.
   */
  public MediaScanner(
      Ffmpeg ffmpeg,
      Config config,
      Detector detector,
      SileroVad vad,
      AsrEngine asr,
      PpOcr ocr,
      SegmentSpool spool,
      BlobStore blobs,
      SliceSealer sealer,
      ScanSink sink,
      InstantSource clock) {
    this.ffmpeg = Objects.requireNonNull(ffmpeg, "ffmpeg");
    this.config = config;
    this.detector = Objects.requireNonNull(detector, "detector");
    if (config.speech() && (vad == null || asr == null)) {
      throw new IllegalArgumentException("speech needs a VAD and an ASR engine");
    }
    if (config.screen() && ocr == null) {
      throw new IllegalArgumentException("screen text needs OCR");
    }
    this.vad = vad;
    this.asr = asr;
    this.ocr = ocr;
    this.spool = Objects.requireNonNull(spool, "spool");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.sealer = sealer;
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private static ExecutorService single(String name) {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Scans {@code source} until it ends, {@code maxSeconds} pass or the capture fails; returns the
   * summary once every queued utterance and frame has been recognized.
   */
  public Summary run(MediaSource source) throws IOException, InterruptedException {
    sessionStart = clock.instant();
    if (config.speech()) {
      segmenter = new SpeechSegmenter(vad, SpeechSegmenter.Settings.DEFAULT);
    }
    Capture capture = new Capture(ffmpeg, source, spool, config.capture(), new Listener(), clock);
    capture.start();
    Capture.State state;
    do {
      state = capture.await(Duration.ofSeconds(1));
    } while (state == null);
    if (segmenter != null) {
      List<SpeechSegmenter.Utterance> rest;
      synchronized (this) {
        rest = segmenter.finish();
      }
      for (SpeechSegmenter.Utterance u : rest) {
        submitUtterance(u, audioBase);
      }
    }
    speechWorker.shutdown();
    screenWorker.shutdown();
    speechWorker.awaitTermination(1, TimeUnit.HOURS);
    screenWorker.awaitTermination(1, TimeUnit.HOURS);
    sealPending(Long.MAX_VALUE);
    synchronized (sinkLock) {
      return new Summary(state, events, findings, slices, frames, utterances);
    }
  }

  private final class Listener implements Capture.Listener {
    @Override
    public void onPcm(short[] pcm, int len, long mediaMillis) {
      if (segmenter == null) {
        return;
      }
      List<SpeechSegmenter.Utterance> us;
      long base;
      synchronized (MediaScanner.this) {
        try {
          us = segmenter.accept(pcm, 0, len);
        } catch (IOException e) {
          status(new Capture.Status(Capture.State.FAILED, 0, "VAD 失败: " + e.getMessage(), null));
          return;
        }
        audioSamples += len;
        base = audioBase;
      }
      for (SpeechSegmenter.Utterance u : us) {
        submitUtterance(u, base);
      }
    }

    @Override
    public void onDiscontinuity(long mediaMillis) {
      if (segmenter == null) {
        return;
      }
      List<SpeechSegmenter.Utterance> rest;
      long base;
      synchronized (MediaScanner.this) {
        rest = segmenter.finish();
        base = audioBase;
        segmenter = new SpeechSegmenter(vad, SpeechSegmenter.Settings.DEFAULT);
        audioBase = mediaMillis;
        audioSamples = 0;
      }
      for (SpeechSegmenter.Utterance u : rest) {
        submitUtterance(u, base);
      }
    }

    @Override
    public void onKeyframe(Path jpeg, long mediaMillis) {
      if (!config.screen()) {
        deleteQuietly(jpeg);
        return;
      }
      screenWorker.execute(() -> readFrame(jpeg, mediaMillis));
    }

    @Override
    public void onSegment(SegmentSpool.Segment segment) {
      sealPending(segment.endMillis());
    }

    @Override
    public void onStatus(Capture.Status s) {
      status(s);
    }
  }

  private void status(Capture.Status s) {
    synchronized (sinkLock) {
      sink.status(s);
    }
  }

  private void submitUtterance(SpeechSegmenter.Utterance u, long base) {
    speechWorker.execute(
        () -> {
          try {
            long start = base + u.startMillis();
            List<TranscriptSegment> segs = asr.transcribe(u.pcm(), start);
            synchronized (sinkLock) {
              utterances++;
            }
            for (TranscriptSegment t : segs) {
              if (t.text().isBlank()) {
                continue;
              }
              String id = eventId("t", t.startMillis(), 0);
              MediaEvent e =
                  new MediaEvent.Transcript(
                      id,
                      config.origin(),
                      at(t.startMillis()),
                      t.text(),
                      t.startMillis(),
                      t.endMillis(),
                      t.confidence(),
                      t.engine());
              publish(e, Channel.SPEECH, t.startMillis(), t.endMillis(), null);
            }
          } catch (IOException | RuntimeException ex) {
            status(new Capture.Status(Capture.State.FAILED, 0, "语音识别失败: " + ex.getMessage(), null));
          }
        });
  }

  private void readFrame(Path jpeg, long mediaMillis) {
    try {
      Frame f = Frame.read(jpeg);
      List<TextLine> lines = ocr.read(f);
      synchronized (sinkLock) {
        frames++;
      }
      BlobRef frameRef = null;
      int i = 0;
      for (TextLine line : lines) {
        if (line.confidence() < config.minOcrConfidence() || line.text().isBlank()) {
          continue;
        }
        String key = line.text().replace(" ", "");
        synchronized (lastShown) {
          Long last = lastShown.get(key);
          lastShown.put(key, mediaMillis);
          if (last != null && mediaMillis - last <= config.repeatMillis()) {
            continue;
          }
        }
        List<Finding> fs = check(line.text(), Channel.SCREEN);
        if (!fs.isEmpty() && frameRef == null) {
          try (InputStream in = Files.newInputStream(jpeg)) {
            frameRef = blobs.put(in);
          }
        }
        String frameRefText = frameRef == null ? null : "sha256:" + frameRef.sha256();
        MediaEvent e =
            new MediaEvent.ScreenText(
                eventId("s", mediaMillis, i++),
                config.origin(),
                at(mediaMillis),
                line.text(),
                line.box(),
                frameRefText,
                mediaMillis,
                PriceTags.find(line.text()));
        emit(
            e,
            fs,
            mediaMillis,
            mediaMillis + (long) (config.capture().keyframeSeconds() * 1000),
            frameRef);
      }
    } catch (IOException | RuntimeException ex) {
      status(new Capture.Status(Capture.State.FAILED, 0, "画面文字识别失败: " + ex.getMessage(), null));
    } finally {
      deleteQuietly(jpeg);
    }
  }

  private List<Finding> check(String text, Channel channel) {
    return detector.check(text, new CheckOptions(channel, config.product(), config.conductDate()));
  }

  private void publish(MediaEvent e, Channel channel, long from, long to, BlobRef frame) {
    emit(e, check(e.text(), channel), from, to, frame);
  }

  private void emit(MediaEvent e, List<Finding> fs, long from, long to, BlobRef frame) {
    synchronized (sinkLock) {
      events++;
      sink.event(e);
      for (Finding f : fs) {
        findings++;
        sink.finding(e, f);
        if (sealer != null) {
          pending.add(
              new PendingSlice(
                  Math.max(0, from - config.slicePadMillis()),
                  to + config.slicePadMillis(),
                  e,
                  findingJson(e, f),
                  frame));
        }
      }
    }
  }

  /** The finding line of scan-media: the check shape with the type and the event it rests on. */
  public static String findingJson(MediaEvent e, Finding f) {
    StringBuilder b = new StringBuilder("{\"type\":\"finding\",\"event\":");
    FindingJson.string(b, e.id());
    StringBuilder inner = new StringBuilder();
    FindingJson.write(inner, f);
    return b.append(',').append(inner, 1, inner.length()).toString();
  }

  private void sealPending(long recordedUntil) {
    List<PendingSlice> ready = new ArrayList<>();
    synchronized (sinkLock) {
      pending.removeIf(
          p -> {
            if (p.to() <= recordedUntil || recordedUntil == Long.MAX_VALUE) {
              ready.add(p);
              return true;
            }
            return false;
          });
    }
    for (PendingSlice p : ready) {
      try {
        List<SegmentSpool.Segment> segs = spool.pin(p.from(), p.to());
        Map<String, String> ctx = new LinkedHashMap<>();
        ctx.put("software", "liveguard-media");
        ctx.put("ffmpeg", ffmpeg.origin());
        ctx.put("asr", asr == null ? "" : asr.name());
        ctx.put("session_start", sessionStart.toString());
        ctx.put("sealed_at", clock.instant().toString());
        ctx.put("node", hostName());
        EvidenceSlice s = sealer.seal(segs, p.frame(), p.event().toJson(), p.findingJson(), ctx);
        synchronized (sinkLock) {
          slices++;
          sink.slice(p.event(), s);
        }
      } catch (IOException | RuntimeException ex) {
        status(new Capture.Status(Capture.State.FAILED, 0, "证据固定失败: " + ex.getMessage(), null));
      }
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private Instant at(long mediaMillis) {
    return sessionStart.plusMillis(mediaMillis);
  }

  private String eventId(String kind, long millis, int i) {
    int n;
    synchronized (sinkLock) {
      n = screenSeq++;
    }
    return config.origin().room()
        + ":"
        + config.origin().session()
        + ":"
        + kind
        + millis
        + "."
        + i
        + "."
        + n;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // the spool sweep removes it later
    }
  }
}
