package io.liveguard.media.asr;

import edu.cmu.sphinx.api.AbstractSpeechRecognizer;
import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.api.SpeechResult;
import edu.cmu.sphinx.result.WordResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * CMU Sphinx-4 (5prealpha) with its US English acoustic model, dictionary and language model from
 * the {@code sphinx4-data} jar. English only: it exists so that the real audio path (capture, VAD,
 * recognition, rules) is exercised end to end where no Mandarin model can be installed.
 *
 * <p>Each call decodes one utterance on its own: the front end normalizes the cepstra by the
 * utterance's own mean (Sphinx's batch CMN, {@code sphinx4-utterance.config.xml}) instead of the
 * live CMN of Sphinx's default configuration, whose running mean carried over from one utterance to
 * the next. With the live CMN the same audio was heard as different words depending on what had
 * been decoded before it (measured: one espeak-ng phrase came out as four different transcripts
 * after five different preceding utterances); now a sealed clip re-transcribed offline gives the
 * transcript that was recorded, and an utterance's words do not depend on the room's history.
 *
 * <p>A Sphinx-4 recognizer is not thread-safe, so calls are serialized. Confidence is the mean of
 * the word posteriors Sphinx reports (linear scale), clamped to {@code [0, 1]}.
 */
public final class Sphinx4Engine implements AsrEngine {

  private static final int PAD = 8000;

  private static final String CONFIG =
      "resource:/io/liveguard/media/asr/sphinx4-utterance.config.xml";

  private final UtteranceRecognizer recognizer;

  private Sphinx4Engine(UtteranceRecognizer recognizer) {
    this.recognizer = recognizer;
  }

  /** Loads the bundled US English model (a few seconds: the language model is 27 MB). */
  public static Sphinx4Engine english() throws IOException {
    Logger.getLogger("default.config").setLevel(Level.WARNING);
    Logger.getLogger("").setLevel(Level.WARNING);
    Configuration c = new Configuration();
    c.setAcousticModelPath("resource:/edu/cmu/sphinx/models/en-us/en-us");
    c.setDictionaryPath("resource:/edu/cmu/sphinx/models/en-us/cmudict-en-us.dict");
    c.setLanguageModelPath("resource:/edu/cmu/sphinx/models/en-us/en-us.lm.bin");
    c.setSampleRate(16000);
    return new Sphinx4Engine(new UtteranceRecognizer(new Context(CONFIG, c)));
  }

  /** Sphinx's stream recognizer over a context of LiveGuard's configuration. */
  private static final class UtteranceRecognizer extends AbstractSpeechRecognizer {
    UtteranceRecognizer(Context context) throws IOException {
      super(context);
    }

    void startRecognition(ByteArrayInputStream audio) {
      recognizer.allocate();
      context.setSpeechSource(audio);
    }

    void stopRecognition() {
      recognizer.deallocate();
    }
  }

  @Override
  public String name() {
    return "sphinx4";
  }

  @Override
  public synchronized List<TranscriptSegment> transcribe(short[] pcm, long startMillis) {
    // Sphinx's live cepstral mean normalization settles on the first frames: give it the silence
    // the VAD trimmed away, on both sides
    ByteBuffer b = ByteBuffer.allocate((pcm.length + 2 * PAD) * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.asShortBuffer().put(PAD, pcm);
    recognizer.startRecognition(new ByteArrayInputStream(b.array()));
    List<TranscriptSegment> out = new ArrayList<>();
    try {
      SpeechResult r;
      while ((r = recognizer.getResult()) != null) {
        List<WordResult> words;
        boolean posteriors = true;
        try {
          words = r.getWords();
        } catch (NullPointerException e) {
          // Sphinx-4's lattice walk fails on some utterances (a known 5prealpha bug): fall back to
          // the best path, whose words carry times but no posterior
          words = r.getResult().getTimedBestResult(false);
          posteriors = false;
        }
        StringBuilder text = new StringBuilder();
        long first = -1;
        long last = 0;
        double conf = 0;
        int n = 0;
        for (WordResult w : words) {
          if (w.isFiller()) {
            continue;
          }
          String spelling = w.getWord().getSpelling();
          if (spelling.startsWith("<")) {
            continue;
          }
          if (text.length() > 0) {
            text.append(' ');
          }
          text.append(spelling.toLowerCase(Locale.ROOT));
          if (first < 0) {
            first = w.getTimeFrame().getStart();
          }
          last = w.getTimeFrame().getEnd();
          double p =
              edu.cmu.sphinx.util.LogMath.getLogMath().logToLinear((float) w.getConfidence());
          conf += Double.isFinite(p) ? Math.max(0, Math.min(1, p)) : 0;
          n++;
        }
        if (n == 0) {
          continue;
        }
        long audioMillis = pcm.length * 1000L / 16000;
        long padMillis = PAD * 1000L / 16000;
        first -= padMillis;
        last -= padMillis;
        long s = startMillis + Math.min(Math.max(0, first), audioMillis);
        long e = startMillis + Math.min(Math.max(last, Math.max(0, first)), audioMillis);
        out.add(
            new TranscriptSegment(
                text.toString(), s, Math.max(s, e), posteriors ? conf / n : Double.NaN, name()));
      }
    } finally {
      recognizer.stopRecognition();
    }
    return out;
  }

  @Override
  public void close() {
    // the recognizer holds only heap memory
  }
}
