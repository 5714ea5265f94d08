package io.liveguard.media.asr;

import java.io.IOException;
import java.util.List;

/**
 * A speech recognizer: turns one utterance of 16 kHz mono signed 16-bit PCM into transcript
 * segments.
 *
 * <p>The port behind which the engines sit: {@link FunAsrEngine} (a self-hosted FunASR server, the
 * Mandarin engine for production), {@link VoskEngine} (a Vosk model directory supplied by the
 * operator) and {@link Sphinx4Engine} (English, model inside its Maven jar; the engine with which
 * the real audio path is tested on machines that cannot download a Mandarin model). Implementations
 * are thread-safe unless they say otherwise.
 */
public interface AsrEngine extends AutoCloseable {

  /** The engine's name as events carry it ({@code funasr}, {@code vosk}, {@code sphinx4}). */
  String name();

  /**
   * Recognizes {@code pcm} (one utterance), which starts at {@code startMillis} of session time.
   * Returns no segment for silence or unintelligible audio.
   *
   * @throws IOException if the engine fails (server unreachable, model error)
   */
  List<TranscriptSegment> transcribe(short[] pcm, long startMillis) throws IOException;

  @Override
  void close();
}
