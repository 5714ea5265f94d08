package io.liveguard.media.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.liveguard.media.model.ModelStore;
import io.liveguard.media.model.ModelUnavailableException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Silero VAD v5 (ONNX): the probability that a 32 ms window of 16 kHz mono audio holds speech.
 *
 * <p>The model is recurrent; per-stream state lives in a {@link Stream}, so one loaded model serves
 * many rooms. The model is thread-safe; a {@link Stream} is not.
 */
public final class SileroVad implements AutoCloseable {

  /*
   * Design note. Input layout follows the reference wrapper of snakers4/silero-vad (utils_vad.py,
   * OnnxWrapper): at 16 kHz each call takes 512 new samples preceded by the last 64 samples of the
   * previous window (the "context"), a float32 state [2, 1, 128] and the sample rate as int64;
   * it returns the speech probability [1, 1] and the next state.
   */

  /** The sample rate the model is run at. */
  public static final int SAMPLE_RATE = 16_000;

  /** Samples of new audio per window (32 ms). */
  public static final int WINDOW = 512;

  private static final int CONTEXT = 64;

  private final OrtEnvironment env;
  private final OrtSession session;

  private SileroVad(OrtSession session) {
    this.env = OrtEnvironment.getEnvironment();
    this.session = session;
  }

  /** Loads the pinned Silero VAD model (one intra-op thread: windows are tiny). */
  public static SileroVad load(ModelStore models) throws ModelUnavailableException, IOException {
    return load(models.path(ModelStore.SILERO_VAD));
  }

  /** Loads an explicit Silero VAD v5 ONNX file. */
  public static SileroVad load(Path model) throws IOException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(1);
      opts.setInterOpNumThreads(1);
      OrtSession s = env.createSession(model.toString(), opts);
      if (!s.getInputNames().containsAll(java.util.List.of("input", "state", "sr"))) {
        s.close();
        throw new IOException(
            model + " is not a Silero VAD v5 model (inputs " + s.getInputNames() + ")");
      }
      return new SileroVad(s);
    } catch (OrtException e) {
      throw new IOException("无法加载 Silero VAD 模型: " + e.getMessage(), e);
    }
  }

  /** A fresh per-stream state. */
  public Stream stream() {
    return new Stream();
  }

  /** The recurrent state of one audio stream. Not thread-safe. */
  public final class Stream {
    private float[] state = new float[2 * 128];
    private final float[] input = new float[CONTEXT + WINDOW];

    private Stream() {}

    /**
     * Returns the speech probability in {@code [0, 1]} of the next {@link #WINDOW} samples.
     *
     * @param samples {@code WINDOW} samples scaled to {@code [-1, 1]}
     */
    public float probability(float[] samples) throws IOException {
      if (samples.length != WINDOW) {
        throw new IllegalArgumentException(
            "window of " + samples.length + " samples, not " + WINDOW);
      }
      System.arraycopy(samples, 0, input, CONTEXT, WINDOW);
      try (OnnxTensor x =
              OnnxTensor.createTensor(
                  env, FloatBuffer.wrap(input), new long[] {1, CONTEXT + WINDOW});
          OnnxTensor st =
              OnnxTensor.createTensor(env, FloatBuffer.wrap(state), new long[] {2, 1, 128});
          OnnxTensor sr =
              OnnxTensor.createTensor(
                  env, LongBuffer.wrap(new long[] {SAMPLE_RATE}), new long[] {});
          OrtSession.Result r = session.run(Map.of("input", x, "state", st, "sr", sr))) {
        float p = ((OnnxTensor) r.get(0)).getFloatBuffer().get(0);
        FloatBuffer next = ((OnnxTensor) r.get(1)).getFloatBuffer();
        float[] ns = new float[next.remaining()];
        next.get(ns);
        state = ns;
        System.arraycopy(input, WINDOW, input, 0, CONTEXT);
        return p;
      } catch (OrtException e) {
        throw new IOException("VAD 推理失败: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // native handle already released
    }
  }
}
