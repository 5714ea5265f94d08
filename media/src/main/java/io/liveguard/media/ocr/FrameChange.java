package io.liveguard.media.ocr;

/**
 * Tells whether a keyframe differs visibly from the previous one, so that OCR runs only when the
 * picture changed: a static live room (the usual case: a host in front of a fixed banner) costs a
 * thumbnail per keyframe instead of a text detection.
 *
 * <p>Frames are reduced to a 128 × 72 grey thumbnail (box average; a cell is 10 × 10 pixels of a
 * 720p frame); a frame counts as changed when more than {@code changedCells} of the cells differ by
 * more than {@code cellThreshold} grey levels from the last frame that was read. A new banner, or
 * one digit of a price tag, changes several cells at once; sensor noise and compression flicker
 * change few. After {@code maxUnchanged} unchanged frames in a row the next one counts as changed
 * anyway, so a change below the threshold is missed for at most that many keyframes. Not
 * thread-safe: one per stream.
 */
public final class FrameChange {

  private static final int W = 128;
  private static final int H = 72;

  private final int cellThreshold;
  private final int changedCells;
  private final int maxUnchanged;
  private int[] last;
  private int unchanged;

  /** A detector with the given sensitivity (defaults: 10 grey levels, 2 cells, 4 frames). */
  public FrameChange(int cellThreshold, int changedCells, int maxUnchanged) {
    if (cellThreshold < 1 || changedCells < 0 || maxUnchanged < 0) {
      throw new IllegalArgumentException("threshold " + cellThreshold + ", cells " + changedCells);
    }
    this.cellThreshold = cellThreshold;
    this.changedCells = changedCells;
    this.maxUnchanged = maxUnchanged;
  }

  /** With the defaults. */
  public FrameChange() {
    this(10, 2, 4);
  }

  /**
   * Returns true if {@code f} differs from the last frame for which this returned true (the first
   * frame always does), and remembers it in that case.
   */
  public boolean changed(Frame f) {
    int[] t = thumbnail(f);
    if (last == null) {
      last = t;
      return true;
    }
    int n = 0;
    for (int i = 0; i < t.length; i++) {
      if (Math.abs(t[i] - last[i]) > cellThreshold) {
        n++;
      }
    }
    if (n > changedCells || unchanged >= maxUnchanged) {
      last = t;
      unchanged = 0;
      return true;
    }
    unchanged++;
    return false;
  }

  static int[] thumbnail(Frame f) {
    long[] sum = new long[W * H];
    int[] count = new int[W * H];
    byte[] rgb = f.rgb();
    int w = f.width();
    int h = f.height();
    // sample every other pixel in each direction: enough for a 64 × 36 average
    for (int y = 0; y < h; y += 2) {
      int cy = y * H / h;
      for (int x = 0; x < w; x += 2) {
        int cx = x * W / w;
        int p = (y * w + x) * 3;
        int grey =
            (299 * (rgb[p] & 0xff) + 587 * (rgb[p + 1] & 0xff) + 114 * (rgb[p + 2] & 0xff)) / 1000;
        sum[cy * W + cx] += grey;
        count[cy * W + cx]++;
      }
    }
    int[] t = new int[W * H];
    for (int i = 0; i < t.length; i++) {
      t[i] = count[i] == 0 ? 0 : (int) (sum[i] / count[i]);
    }
    return t;
  }
}
