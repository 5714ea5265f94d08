package io.liveguard.media.scan;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.detect.FindingJson;
import io.liveguard.detect.price.PriceClaims;
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
import io.liveguard.media.ocr.FrameChange;
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
      long slicePadMillis,
      ListingOnSale listingOnSale) {

    /** A configuration without a listing source: price tags stay in the screen-text records. */
    public Config(
        MediaEvent.Origin origin,
        boolean speech,
        boolean screen,
        Capture.Settings capture,
        String product,
        LocalDate conductDate,
        double minOcrConfidence,
        long repeatMillis,
        long slicePadMillis) {
      this(
          origin,
          speech,
          screen,
          capture,
          product,
          conductDate,
          minOcrConfidence,
          repeatMillis,
          slicePadMillis,
          null);
    }

    /** The same configuration with prices on screen attributed to {@code listing}. */
    public Config withListingOnSale(ListingOnSale listing) {
      return new Config(
          origin,
          speech,
          screen,
          capture,
          product,
          conductDate,
          minOcrConfidence,
          repeatMillis,
          slicePadMillis,
          listing);
    }

    public Config {
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(capture, "capture");
      Objects.requireNonNull(conductDate, "conductDate");
      if (!speech && !screen) {
        throw new IllegalArgumentException("nothing to watch: enable speech or screen");
      }
    }
  }

  /**
   * Which listing (商品) the room has on sale at an instant, so that a price shown on screen becomes
   * a {@code price} observation of that listing. The platform answers from the listing snapshots it
   * receives; the CLI from {@code --listing}. Called from the OCR thread.
   */
  @FunctionalInterface
  public interface ListingOnSale {
    /** The listing id on sale at {@code at}, or null if unknown (no price event is emitted). */
    String listingAt(Instant at);
  }

  /** What one scan did. */
  public record Summary(
      Capture.State state,
      int events,
      int findings,
      int slices,
      int framesRead,
      int framesUnchanged,
      int utterances,
      int prices) {}

  private final Ffmpeg ffmpeg;
  private final Config config;
  private final Detector detector;
  private final SileroVad vad;
  private final AsrEngine asr;
  private final PpOcr ocr;
  private final SegmentSpool spool;
  private final BlobStore blobs;
  private final SliceSealer sealer;
  private volatile Capture capture;
  private volatile boolean stopRequested;
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
  private int framesUnchanged;
  private final FrameChange frameChange;
  private int utterances;
  private int prices;
  private int screenSeq;

  private record PendingSlice(
      long from, long to, MediaEvent event, Finding finding, String findingJson, BlobRef frame) {}

  /**
   * A scanner. {@code asr} and {@code vad} may be null when speech is off, {@code ocr} when screen
   * is off; {@code sealer} null to skip evidence. Frames under a finding and pinned segments go
   * into the spool's blob store, which must be the sealer's vault store when a sealer is given.
   */
  public MediaScanner(
      Ffmpeg ffmpeg,
      Config config,
      Detector detector,
      SileroVad vad,
      AsrEngine asr,
      PpOcr ocr,
      SegmentSpool spool,
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
    this.blobs = spool.store();
    if (sealer != null && sealer.store() != blobs) {
      throw new IllegalArgumentException(
          "the spool must pin into the evidence vault's blob store (sealer.store())");
    }
    this.sealer = sealer;
    // a still picture is re-read about every 10 s whatever the keyframe interval
    this.frameChange =
        new FrameChange(
            10, 2, Math.max(0, (int) Math.round(10 / config.capture().keyframeSeconds()) - 1));
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
    // warm the recognizers before the stream starts, so the first banner is not late
    if (config.screen()) {
      ocr.warmUp();
      warmJpegDecoder();
    }
    check("全网最低价", config.screen() ? Channel.SCREEN : Channel.SPEECH);
    sessionStart = clock.instant();
    if (config.speech()) {
      segmenter = new SpeechSegmenter(vad, SpeechSegmenter.Settings.DEFAULT);
    }
    Capture capture = new Capture(ffmpeg, source, spool, config.capture(), new Listener(), clock);
    this.capture = capture;
    capture.start();
    if (stopRequested) {
      capture.stop();
    }
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
      return new Summary(
          state, events, findings, slices, frames, framesUnchanged, utterances, prices);
    }
  }

  /**
   * Ends the session from another thread: stops the capture; {@link #run} then returns once what
   * was already captured has been recognized and sealed.
   */
  public void stop() {
    stopRequested = true;
    Capture c = capture;
    if (c != null) {
      c.stop();
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
      if (!frameChange.changed(f)) {
        // the picture has not changed since the last frame read: its text is already out
        synchronized (sinkLock) {
          framesUnchanged++;
        }
        return;
      }
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
        MediaEvent.ScreenText e =
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
        prices(e);
      }
    } catch (IOException | RuntimeException ex) {
      status(new Capture.Status(Capture.State.FAILED, 0, "画面文字识别失败: " + ex.getMessage(), null));
    } finally {
      deleteQuietly(jpeg);
    }
  }

  /**
   * Emits a {@code price} observation (source {@code listing}: what the room shows) for each price
   * tag of {@code e} that states the current price: a bare tag (¥99) or one after a current-price
   * word (直播价 99元). A tag inside a claimed original price (原价 ¥299) or a net price after coupons
   * (到手价 ¥89) is a claim, not an observed price; the session analyzer reads those from the screen
   * text itself. Needs the listing on sale; without one, nothing is emitted.
   */
  private void prices(MediaEvent.ScreenText e) {
    if (e.prices().isEmpty() || config.listingOnSale() == null) {
      return;
    }
    String listing = config.listingOnSale().listingAt(e.at());
    if (listing == null || !MediaEvent.ID.matcher(listing).matches()) {
      return;
    }
    List<PriceClaims.Claim> claims = PriceClaims.find(e.text());
    int n = 0;
    for (PriceTags.PriceTag tag : e.prices()) {
      if (insideClaim(tag, claims)) {
        continue;
      }
      MediaEvent.PriceShown p =
          new MediaEvent.PriceShown(
              e.id() + ".p" + n++, config.origin(), e.at(), listing, tag.amount(), e.id());
      try {
        p.toEvent(); // validates the amount (at most two decimals, within range)
      } catch (IllegalArgumentException invalid) {
        continue;
      }
      synchronized (sinkLock) {
        events++;
        prices++;
        sink.event(p);
      }
    }
  }

  private static boolean insideClaim(PriceTags.PriceTag tag, List<PriceClaims.Claim> claims) {
    for (PriceClaims.Claim c : claims) {
      boolean claimOnly = c.kind() == PriceClaims.Kind.ORIGINAL || c.kind() == PriceClaims.Kind.NET;
      if (claimOnly && tag.start() < c.end() && c.begin() < tag.end()) {
        return true;
      }
    }
    return false;
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
          long sliceFrom = Math.max(0, from - config.slicePadMillis());
          long sliceTo = to + config.slicePadMillis();
          pending.add(new PendingSlice(sliceFrom, sliceTo, e, f, findingJson(e, f), frame));
          try {
            // commit what is already recorded now, before the rolling window can drop it; the
            // rest is pinned when the slice is sealed
            spool.pin(sliceFrom, sliceTo);
          } catch (IOException ex) {
            sink.status(
                new Capture.Status(Capture.State.FAILED, 0, "证据片段保存失败: " + ex.getMessage(), null));
          }
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
        EvidenceSlice s =
            sealer.seal(segs, p.frame(), p.event(), p.finding(), p.findingJson(), ctx);
        synchronized (sinkLock) {
          slices++;
          sink.slice(p.event(), s);
        }
      } catch (IOException | RuntimeException ex) {
        status(new Capture.Status(Capture.State.FAILED, 0, "证据固定失败: " + ex.getMessage(), null));
      }
    }
  }

  /** The first JPEG decoded through ImageIO pays for its service lookup and class loading. */
  private void warmJpegDecoder() throws IOException {
    Path jpeg = Files.createTempFile(spool.dir(), "warm-", ".jpg");
    try {
      javax.imageio.ImageIO.write(
          new java.awt.image.BufferedImage(64, 36, java.awt.image.BufferedImage.TYPE_INT_RGB),
          "jpg",
          jpeg.toFile());
      Frame.read(jpeg);
    } finally {
      Files.deleteIfExists(jpeg);
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
