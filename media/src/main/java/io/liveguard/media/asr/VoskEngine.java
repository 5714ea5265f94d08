package io.liveguard.media.asr;

import io.liveguard.evidence.json.Json;
import io.liveguard.evidence.json.JsonException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Vosk (Kaldi) with a model directory the operator supplies, e.g. {@code vosk-model-cn-0.22} or
 * {@code vosk-model-small-cn-0.22} for Mandarin. No model is bundled: none can be downloaded on the
 * build machines, so this engine is configured, not shipped.
 *
 * <p>Thread-safe: each call uses its own recognizer over the shared model.
 */
public final class VoskEngine implements AsrEngine {

  private final Model model;

  private VoskEngine(Model model) {
    this.model = model;
  }

  /**
   * Loads the model in {@code dir}.
   *
   * @throws IOException with what to do if the directory is missing or not a Vosk model, or the
   *     native library cannot load on this machine
   */
  public static VoskEngine load(Path dir) throws IOException {
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IOException(
          "Vosk 模型目录不存在: " + dir + "（请下载 Vosk 中文模型如 vosk-model-cn-0.22，解压后用 --vosk-model 指定目录）");
    }
    if (!Files.isDirectory(dir.resolve("am")) && !Files.exists(dir.resolve("final.mdl"))) {
      throw new IOException(dir + " 不是 Vosk 模型目录（缺少 am/ 或 final.mdl）");
    }
    try {
      org.vosk.LibVosk.setLogLevel(org.vosk.LogLevel.WARNINGS);
      return new VoskEngine(new Model(dir.toString()));
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      throw new IOException("无法加载 Vosk 本地库: " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return "vosk";
  }

  @Override
  public List<TranscriptSegment> transcribe(short[] pcm, long startMillis) throws IOException {
    try (Recognizer r = new Recognizer(model, 16000f)) {
      r.setWords(true);
      r.acceptWaveForm(pcm, pcm.length);
      return parse(r.getFinalResult(), startMillis, pcm.length * 1000L / 16000);
    }
  }

  /**
   * Parses Vosk's final result JSON ({@code text} and per-word {@code start}, {@code end}, {@code
   * conf}).
   */
  static List<TranscriptSegment> parse(String json, long startMillis, long audioMillis)
      throws IOException {
    Object o;
    try {
      o = Json.parse(json);
    } catch (JsonException e) {
      throw new IOException("Vosk 返回了无法解析的结果: " + e.getMessage(), e);
    }
    if (!(o instanceof Map<?, ?> m) || !(m.get("text") instanceof String text) || text.isBlank()) {
      return List.of();
    }
    double conf = 0;
    long first = 0;
    long last = audioMillis;
    if (m.get("result") instanceof List<?> words && !words.isEmpty()) {
      int n = 0;
      for (Object w : words) {
        if (w instanceof Map<?, ?> wm) {
          conf += num(wm.get("conf"));
          n++;
        }
      }
      conf = n == 0 ? 0 : conf / n;
      first = Math.round(num(((Map<?, ?>) words.get(0)).get("start")) * 1000);
      last = Math.round(num(((Map<?, ?>) words.get(words.size() - 1)).get("end")) * 1000);
    }
    // Vosk separates Chinese characters with spaces; the rules read text without them
    String clean = text.replaceAll("(?<=\\p{IsHan}) (?=\\p{IsHan})", "");
    List<TranscriptSegment> out = new ArrayList<>();
    out.add(
        new TranscriptSegment(
            clean,
            startMillis + first,
            startMillis + Math.max(first, last),
            Math.max(0, Math.min(1, conf)),
            "vosk"));
    return out;
  }

  private static double num(Object o) {
    if (o instanceof BigDecimal b) {
      return b.doubleValue();
    }
    if (o instanceof Long l) {
      return l;
    }
    return 0;
  }

  @Override
  public void close() {
    model.close();
  }
}
