package io.liveguard.media.ocr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.liveguard.media.model.ModelStore;
import io.liveguard.media.model.ModelUnavailableException;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads Chinese (and Latin) text lines from a frame with PP-OCRv4: a DB text detector and a
 * CRNN/SVTR recognizer with CTC decoding, both ONNX models run by onnxruntime on the CPU.
 *
 * <p>Instances are thread-safe (onnxruntime sessions allow concurrent runs) and hold native memory:
 * close them. Boxes are axis-aligned; rotated or curved text is read only as well as its bounding
 * rectangle allows.
 */
public final class PpOcr implements AutoCloseable {

  /*
   * Design note. Pre- and post-processing follow PaddleOCR's defaults for PP-OCRv4
   * (tools/infer/predict_det.py, predict_rec.py, ppocr/postprocess/db_postprocess.py):
   * - detection: resize so the longer side is at most limitSide (960), both sides rounded to
   *   multiples of 32; pixels in BGR order normalised with ImageNet mean/std (PaddleOCR applies
   *   the RGB-ordered constants to BGR channels, and the model was trained that way);
   *   probability map thresholded at 0.3; a component is kept if its mean probability inside the
   *   box is at least 0.6 ("fast" box score); the box is expanded by area * 1.5 / perimeter
   *   (the unclip ratio) as the DB paper's shrunk kernels require.
   * - recognition: height 48, width by aspect ratio, values (x/255 - 0.5) / 0.5, CTC greedy
   *   decoding over [blank] + ppocr_keys_v1 + [space].
   */

  private static final float DET_THRESHOLD = 0.3f;
  private static final float BOX_THRESHOLD = 0.6f;
  private static final float UNCLIP_RATIO = 1.5f;
  private static final int MIN_BOX_SIDE = 3;
  private static final int REC_HEIGHT = 48;
  private static final int REC_MAX_WIDTH = 2048;
  private static final float[] DET_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] DET_STD = {0.229f, 0.224f, 0.225f};

  private final OrtEnvironment env;
  private final OrtSession det;
  private final OrtSession rec;
  private final String[] alphabet;
  private final int limitSide;

  private PpOcr(OrtSession det, OrtSession rec, String[] alphabet, int limitSide) {
    this.env = OrtEnvironment.getEnvironment();
    this.det = det;
    this.rec = rec;
    this.alphabet = alphabet;
    this.limitSide = limitSide;
  }

  /**
   * Loads the pinned PP-OCRv4 models from {@code models}, fetching them if needed, with {@code
   * threads} intra-op threads per model run.
   */
  public static PpOcr load(ModelStore models, int threads)
      throws ModelUnavailableException, IOException {
    return load(
        models.path(ModelStore.PPOCR_DET),
        models.path(ModelStore.PPOCR_REC),
        models.path(ModelStore.PPOCR_KEYS),
        threads,
        960);
  }

  /** Loads explicit model files; {@code limitSide} caps the detector's input side (pixels). */
  public static PpOcr load(Path detModel, Path recModel, Path keys, int threads, int limitSide)
      throws IOException {
    if (threads < 1 || limitSide < 32) {
      throw new IllegalArgumentException("threads " + threads + ", limitSide " + limitSide);
    }
    List<String> lines = Files.readAllLines(keys, StandardCharsets.UTF_8);
    String[] alphabet = new String[lines.size() + 2];
    alphabet[0] = "";
    for (int i = 0; i < lines.size(); i++) {
      alphabet[i + 1] = lines.get(i);
    }
    alphabet[alphabet.length - 1] = " ";
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setIntraOpNumThreads(threads);
      opts.setInterOpNumThreads(1);
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      OrtSession det = env.createSession(detModel.toString(), opts);
      OrtSession rec;
      try {
        rec = env.createSession(recModel.toString(), opts);
      } catch (OrtException e) {
        det.close();
        throw e;
      }
      return new PpOcr(det, rec, alphabet, limitSide);
    } catch (OrtException e) {
      throw new IOException("无法加载 PP-OCR 模型: " + e.getMessage(), e);
    }
  }

  private final java.util.concurrent.atomic.AtomicBoolean warm =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * Runs detection and recognition once on a synthetic 1280×720 frame with a line of text, the
   * first time it is called: onnxruntime's first inference of a session (memory arenas, kernel
   * selection) and the JIT make the first real frame several times slower, and a watch should not
   * be late on the first banner of a session. Later calls return at once.
   */
  public void warmUp() throws IOException {
    if (!warm.compareAndSet(false, true)) {
      return;
    }
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(1280, 720, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    try {
      g.setColor(new java.awt.Color(0x2b4f7a));
      g.fillRect(0, 0, 1280, 720);
      g.setColor(java.awt.Color.WHITE);
      g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 56));
      g.drawString("LIVE 99.00 TODAY", 320, 600);
    } finally {
      g.dispose();
    }
    read(Frame.of(img));
  }

  /** Detects and reads every text line in {@code frame}, top to bottom, left to right. */
  public List<TextLine> read(Frame frame) throws IOException {
    List<TextLine> out = new ArrayList<>();
    for (Box b : detect(frame)) {
      TextLine line = recognize(frame, b);
      if (!line.text().isBlank()) {
        out.add(line);
      }
    }
    return out;
  }

  /** Returns the boxes of the text regions in {@code frame}, in reading order. */
  public List<Box> detect(Frame frame) throws IOException {
    int w = frame.width();
    int h = frame.height();
    double scale = Math.min(1.0, (double) limitSide / Math.max(w, h));
    int rw = Math.max(32, (int) Math.round(w * scale / 32) * 32);
    int rh = Math.max(32, (int) Math.round(h * scale / 32) * 32);
    float[] input = new float[3 * rw * rh];
    int plane = rw * rh;
    byte[] rgb = frame.rgb();
    for (int y = 0; y < rh; y++) {
      double sy = (y + 0.5) * h / rh - 0.5;
      for (int x = 0; x < rw; x++) {
        double sx = (x + 0.5) * w / rw - 0.5;
        for (int c = 0; c < 3; c++) {
          // channel c of the model is BGR: B comes from rgb index 2
          float v = bilinear(rgb, w, h, sx, sy, 2 - c) / 255f;
          input[c * plane + y * rw + x] = (v - DET_MEAN[c]) / DET_STD[c];
        }
      }
    }
    float[] prob;
    try (OnnxTensor t =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, rh, rw});
        OrtSession.Result r = det.run(Map.of(det.getInputNames().iterator().next(), t))) {
      OnnxTensor o = (OnnxTensor) r.get(0);
      FloatBuffer fb = o.getFloatBuffer();
      prob = new float[fb.remaining()];
      fb.get(prob);
    } catch (OrtException e) {
      throw new IOException("文字检测失败: " + e.getMessage(), e);
    }
    if (prob.length != plane) {
      throw new IOException(
          "unexpected detector output size " + prob.length + " for " + rw + "x" + rh);
    }
    List<Box> boxes = components(prob, rw, rh, (double) w / rw, (double) h / rh, w, h);
    boxes.sort(Comparator.comparingInt(Box::y).thenComparingInt(Box::x));
    return boxes;
  }

  private static List<Box> components(
      float[] prob, int w, int h, double sx, double sy, int fw, int fh) {
    byte[] seen = new byte[prob.length];
    int[] stack = new int[prob.length];
    List<Box> boxes = new ArrayList<>();
    for (int start = 0; start < prob.length; start++) {
      if (seen[start] != 0 || prob[start] <= DET_THRESHOLD) {
        continue;
      }
      int sp = 0;
      stack[sp++] = start;
      seen[start] = 1;
      int minX = w, minY = h, maxX = -1, maxY = -1;
      while (sp > 0) {
        int p = stack[--sp];
        int x = p % w;
        int y = p / w;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        for (int dy = -1; dy <= 1; dy++) {
          int ny = y + dy;
          if (ny < 0 || ny >= h) {
            continue;
          }
          for (int dx = -1; dx <= 1; dx++) {
            int nx = x + dx;
            if (nx < 0 || nx >= w) {
              continue;
            }
            int q = ny * w + nx;
            if (seen[q] == 0 && prob[q] > DET_THRESHOLD) {
              seen[q] = 1;
              stack[sp++] = q;
            }
          }
        }
      }
      int bw = maxX - minX + 1;
      int bh = maxY - minY + 1;
      if (Math.min(bw, bh) < MIN_BOX_SIDE) {
        continue;
      }
      double sum = 0;
      for (int y = minY; y <= maxY; y++) {
        for (int x = minX; x <= maxX; x++) {
          sum += prob[y * w + x];
        }
      }
      if (sum / ((double) bw * bh) < BOX_THRESHOLD) {
        continue;
      }
      double d = (double) bw * bh * UNCLIP_RATIO / (2.0 * (bw + bh));
      int x0 = clamp((int) Math.floor((minX - d) * sx), fw);
      int y0 = clamp((int) Math.floor((minY - d) * sy), fh);
      int x1 = clamp((int) Math.ceil((maxX + 1 + d) * sx), fw);
      int y1 = clamp((int) Math.ceil((maxY + 1 + d) * sy), fh);
      if (x1 - x0 >= MIN_BOX_SIDE && y1 - y0 >= MIN_BOX_SIDE) {
        boxes.add(new Box(x0, y0, x1 - x0, y1 - y0));
      }
    }
    return boxes;
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  /** Reads the text inside {@code box} of {@code frame} as one line. */
  public TextLine recognize(Frame frame, Box box) throws IOException {
    if (box.width() == 0 || box.height() == 0) {
      return new TextLine("", 0, box);
    }
    int rw =
        Math.max(
            8,
            Math.min(
                REC_MAX_WIDTH, (int) Math.ceil((double) REC_HEIGHT * box.width() / box.height())));
    int plane = REC_HEIGHT * rw;
    float[] input = new float[3 * plane];
    byte[] rgb = frame.rgb();
    int fw = frame.width();
    int fh = frame.height();
    for (int y = 0; y < REC_HEIGHT; y++) {
      double sy = box.y() + (y + 0.5) * box.height() / REC_HEIGHT - 0.5;
      for (int x = 0; x < rw; x++) {
        double sx = box.x() + (x + 0.5) * box.width() / rw - 0.5;
        for (int c = 0; c < 3; c++) {
          float v = bilinear(rgb, fw, fh, sx, sy, 2 - c) / 255f;
          input[c * plane + y * rw + x] = (v - 0.5f) / 0.5f;
        }
      }
    }
    try (OnnxTensor t =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(input), new long[] {1, 3, REC_HEIGHT, rw});
        OrtSession.Result r = rec.run(Map.of(rec.getInputNames().iterator().next(), t))) {
      OnnxTensor o = (OnnxTensor) r.get(0);
      long[] shape = o.getInfo().getShape();
      int steps = (int) shape[1];
      int classes = (int) shape[2];
      if (classes != alphabet.length) {
        throw new IOException(
            "recognizer has " + classes + " classes but the dictionary gives " + alphabet.length);
      }
      FloatBuffer fb = o.getFloatBuffer();
      StringBuilder text = new StringBuilder();
      double confSum = 0;
      int kept = 0;
      int prev = 0;
      for (int s = 0; s < steps; s++) {
        int best = 0;
        float bestP = -1;
        int base = s * classes;
        for (int c = 0; c < classes; c++) {
          float p = fb.get(base + c);
          if (p > bestP) {
            bestP = p;
            best = c;
          }
        }
        if (best != 0 && best != prev) {
          text.append(alphabet[best]);
          confSum += bestP;
          kept++;
        }
        prev = best;
      }
      double conf = kept == 0 ? 0 : Math.max(0, Math.min(1, confSum / kept));
      return new TextLine(text.toString().strip(), conf, box);
    } catch (OrtException e) {
      throw new IOException("文字识别失败: " + e.getMessage(), e);
    }
  }

  private static float bilinear(byte[] rgb, int w, int h, double x, double y, int c) {
    if (x < 0) {
      x = 0;
    }
    if (y < 0) {
      y = 0;
    }
    int x0 = Math.min((int) x, w - 1);
    int y0 = Math.min((int) y, h - 1);
    int x1 = Math.min(x0 + 1, w - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    float fx = (float) (x - x0);
    float fy = (float) (y - y0);
    float a = rgb[(y0 * w + x0) * 3 + c] & 0xff;
    float b = rgb[(y0 * w + x1) * 3 + c] & 0xff;
    float d = rgb[(y1 * w + x0) * 3 + c] & 0xff;
    float e = rgb[(y1 * w + x1) * 3 + c] & 0xff;
    return (a * (1 - fx) + b * fx) * (1 - fy) + (d * (1 - fx) + e * fx) * fy;
  }

  @Override
  public void close() {
    try {
      det.close();
    } catch (OrtException e) {
      // closing native handles cannot be retried; the other session must still be closed
    } finally {
      try {
        rec.close();
      } catch (OrtException e) {
        // nothing more to release
      }
    }
  }
}
