package io.liveguard.detect;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import java.util.BitSet;

/**
 * Word boundaries of a normalized text by HanLP segmentation, computed on first use only (most
 * checks never need them).
 */
final class Boundaries {

  private final String text;
  private BitSet starts;

  Boundaries(String text) {
    this.text = text;
  }

  /** Whether {@code [begin, end)} starts and ends on word boundaries. */
  boolean aligned(int begin, int end) {
    if (starts == null) {
      starts = segment(text);
    }
    return starts.get(begin) && starts.get(end);
  }

  private static BitSet segment(String text) {
    BitSet b = new BitSet(text.length() + 1);
    b.set(0);
    b.set(text.length());
    int offset = 0;
    for (Term t : Segmenter.SEGMENT.seg(text)) {
      offset += t.word.length();
      b.set(offset);
    }
    return b;
  }

  /** Holder so HanLP's dictionaries load only when a rule asks for word boundaries. */
  private static final class Segmenter {
    static final Segment SEGMENT = create();

    private static Segment create() {
      HanLP.Config.enableDebug(false);
      java.util.logging.Logger.getLogger("HanLP").setLevel(java.util.logging.Level.OFF);
      Segment s = HanLP.newSegment();
      s.enableCustomDictionary(false);
      return s;
    }

    private Segmenter() {}
  }
}
