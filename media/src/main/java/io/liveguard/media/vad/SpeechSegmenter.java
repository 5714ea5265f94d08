package io.liveguard.media.vad;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a 16 kHz mono PCM stream into utterances with a {@link SileroVad}: speech starts when a
 * window's probability reaches {@code threshold}, and ends after {@code minSilenceMs} below {@code
 * threshold - 0.15}; utterances shorter than {@code minSpeechMs} are dropped; speech going on past
 * {@code softCutMs} is cut at its next dip below {@code threshold}, and past {@code maxUtteranceMs}
 * anyway, so that the recognizer sees bounded input and findings come early.
 *
 * <p>Not thread-safe: one segmenter per audio stream. Sample positions count from the first sample
 * fed, so callers map them to media time.
 */
public final class SpeechSegmenter {

  /** One stretch of speech: samples {@code [startSample, endSample)} of the stream. */
  public record Utterance(long startSample, long endSample, short[] pcm) {
    /** Start in milliseconds of stream time. */
    public long startMillis() {
      return startSample * 1000 / SileroVad.SAMPLE_RATE;
    }

    /** End in milliseconds of stream time. */
    public long endMillis() {
      return endSample * 1000 / SileroVad.SAMPLE_RATE;
    }
  }

  /**
   * Tuning; {@link #DEFAULT} favours an early end of utterance (low latency).
   *
   * @param softCutMs once an utterance is this long, it ends at the first window below the
   *     threshold (a breath between phrases shorter than {@code minSilenceMs}), so that continuous
   *     speech reaches the recognizer in pieces of about this length instead of waiting for a pause
   *     or for {@code maxUtteranceMs}; at least {@code minSpeechMs}, at most {@code maxUtteranceMs}
   */
  public record Settings(
      float threshold,
      int minSilenceMs,
      int minSpeechMs,
      int padMs,
      int maxUtteranceMs,
      int softCutMs) {
    /**
     * Start at probability 0.5, end after 300 ms below 0.35, drop utterances under 200 ms, pad 100
     * ms, cut continuous speech at the first dip after 4 s and in any case at 8 s.
     */
    public static final Settings DEFAULT = new Settings(0.5f, 300, 200, 100, 8_000, 4_000);

    /** Settings without a soft cut (continuous speech is cut at {@code maxUtteranceMs} only). */
    public Settings(
        float threshold, int minSilenceMs, int minSpeechMs, int padMs, int maxUtteranceMs) {
      this(threshold, minSilenceMs, minSpeechMs, padMs, maxUtteranceMs, maxUtteranceMs);
    }

    public Settings {
      if (!(threshold > 0.15f && threshold < 1f)
          || minSilenceMs < 32
          || minSpeechMs < 0
          || padMs < 0
          || maxUtteranceMs < 1000
          || softCutMs < minSpeechMs
          || softCutMs > maxUtteranceMs) {
        throw new IllegalArgumentException("bad VAD settings " + this);
      }
    }
  }

  private final SileroVad.Stream vad;
  private final Settings settings;
  private final float[] window = new float[SileroVad.WINDOW];
  private int windowFill;
  private long position; // samples consumed into windows
  private final short[] preRoll;
  private int preRollFill;
  private short[] speech = new short[SileroVad.SAMPLE_RATE * 4];
  private int speechFill;
  private long speechStart = -1;
  private int silentSamples;
  private int dipSamples;

  /** Samples below the threshold that make a breath for the soft cut: 3 windows, 96 ms. */
  private static final int SOFT_CUT_DIP = 3 * SileroVad.WINDOW;

  private final short[] pending = new short[SileroVad.WINDOW];

  /** A segmenter over {@code vad} with {@code settings}. */
  public SpeechSegmenter(SileroVad vad, Settings settings) {
    this.vad = Objects.requireNonNull(vad, "vad").stream();
    this.settings = Objects.requireNonNull(settings, "settings");
    this.preRoll = new short[samples(settings.padMs()) + SileroVad.WINDOW];
  }

  private static int samples(int ms) {
    return ms * SileroVad.SAMPLE_RATE / 1000;
  }

  /** Feeds samples; returns the utterances that ended within them. */
  public List<Utterance> accept(short[] pcm, int off, int len) throws IOException {
    List<Utterance> out = new ArrayList<>();
    for (int i = off; i < off + len; i++) {
      pending[windowFill] = pcm[i];
      window[windowFill++] = pcm[i] / 32768f;
      if (windowFill == SileroVad.WINDOW) {
        windowFill = 0;
        Utterance u = onWindow(vad.probability(window));
        position += SileroVad.WINDOW;
        if (u != null) {
          out.add(u);
        }
      }
    }
    return out;
  }

  /** Ends the stream, returning the utterance in progress, if long enough. */
  public List<Utterance> finish() {
    List<Utterance> out = new ArrayList<>();
    if (speechStart >= 0) {
      Utterance u = close(speechFill);
      if (u != null) {
        out.add(u);
      }
    }
    return out;
  }

  private Utterance onWindow(float p) {
    if (speechStart < 0) {
      if (p >= settings.threshold()) {
        // start: the padding before the first voiced window comes from the pre-roll
        int pad = Math.min(preRollFill, samples(settings.padMs()));
        speechFill = 0;
        append(preRoll, preRollFill - pad, pad);
        append(pending, 0, SileroVad.WINDOW);
        speechStart = position - pad;
        silentSamples = 0;
      } else {
        remember(pending);
      }
      return null;
    }
    append(pending, 0, SileroVad.WINDOW);
    dipSamples = p < settings.threshold() ? dipSamples + SileroVad.WINDOW : 0;
    if (dipSamples >= SOFT_CUT_DIP && speechFill >= samples(settings.softCutMs())) {
      // long continuous speech: cut at this breath rather than wait for a full pause; a dip of
      // ~100 ms is longer than the gaps between syllables of a word, so words stay whole
      return close(speechFill);
    }
    if (p < settings.threshold() - 0.15f) {
      silentSamples += SileroVad.WINDOW;
      if (silentSamples >= samples(settings.minSilenceMs())) {
        int keep = speechFill - silentSamples + Math.min(silentSamples, samples(settings.padMs()));
        return close(keep);
      }
    } else {
      silentSamples = 0;
    }
    if (speechFill >= samples(settings.maxUtteranceMs())) {
      return close(speechFill);
    }
    return null;
  }

  private Utterance close(int keep) {
    long start = speechStart;
    short[] pcm = Arrays.copyOf(speech, keep);
    speechStart = -1;
    speechFill = 0;
    silentSamples = 0;
    dipSamples = 0;
    preRollFill = 0;
    if (keep < samples(settings.minSpeechMs())) {
      return null;
    }
    return new Utterance(start, start + keep, pcm);
  }

  private void append(short[] src, int from, int n) {
    if (speechFill + n > speech.length) {
      speech = Arrays.copyOf(speech, Math.max(speech.length * 2, speechFill + n));
    }
    System.arraycopy(src, from, speech, speechFill, n);
    speechFill += n;
  }

  private void remember(short[] w) {
    int cap = preRoll.length;
    if (preRollFill + w.length > cap) {
      int drop = preRollFill + w.length - cap;
      System.arraycopy(preRoll, drop, preRoll, 0, preRollFill - drop);
      preRollFill -= drop;
    }
    System.arraycopy(w, 0, preRoll, preRollFill, w.length);
    preRollFill += w.length;
  }
}
