package io.liveguard.detect.precheck;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Pre-checks a live script before it goes on air: every finding, and a rewritten script with each
 * flagged phrase replaced by its compliant rewrite and missing mandatory statements appended,
 * re-checked until clean or until no rewrite helps.
 *
 * <p>Thread-safe if the detector is (it is).
 */
public final class ScriptPrecheck {

  /** Longest script accepted, in UTF-16 units. */
  public static final int MAX_SCRIPT_LENGTH = 50_000;

  private static final int MAX_ROUNDS = 4;

  private final Detector detector;

  public ScriptPrecheck(Detector detector) {
    this.detector = Objects.requireNonNull(detector, "detector");
  }

  /**
   * The result of a pre-check.
   *
   * @param findings findings on the original script, spans into it
   * @param rewritten the script with compliant rewrites applied
   * @param remaining findings still present in the rewritten script (empty when it is clean), spans
   *     into {@code rewritten}
   */
  public record Result(List<Finding> findings, String rewritten, List<Finding> remaining) {

    /** Whether the rewritten script is clean. */
    public boolean clean() {
      return remaining.isEmpty();
    }
  }

  /**
   * Pre-checks {@code script}.
   *
   * @param product the product category id, or null
   * @throws IllegalArgumentException if the script is longer than {@link #MAX_SCRIPT_LENGTH}
   */
  public Result run(String script, String product, LocalDate conductDate) {
    Objects.requireNonNull(script, "script");
    if (script.length() > MAX_SCRIPT_LENGTH) {
      throw new IllegalArgumentException(
          "script of "
              + script.length()
              + " characters exceeds the limit of "
              + MAX_SCRIPT_LENGTH
              + " characters");
    }
    CheckOptions options = new CheckOptions(Channel.SCRIPT, product, conductDate);
    List<Finding> findings = detector.check(script, options);
    String text = script;
    List<Finding> current = findings;
    for (int round = 0; round < MAX_ROUNDS && !current.isEmpty(); round++) {
      String next = apply(text, current);
      if (next.equals(text)) {
        break;
      }
      text = next;
      current = detector.check(text, options);
    }
    return new Result(findings, text, current);
  }

  /**
   * Applies the rewrites of non-overlapping findings (a finding overlapping an earlier one is
   * skipped) and appends missing mandatory statements. Used by the console's "accept rewrites".
   */
  public static String apply(String text, List<Finding> findings) {
    List<Finding> spans = new ArrayList<>();
    List<String> appendix = new ArrayList<>();
    for (Finding f : findings) {
      if (f.begin() == f.end()) {
        if (!f.rewrite().isEmpty() && !appendix.contains(f.rewrite())) {
          appendix.add(f.rewrite());
        }
      } else {
        spans.add(f);
      }
    }
    spans.sort(
        Comparator.comparingInt(Finding::begin)
            .thenComparing(Comparator.comparingInt(Finding::end).reversed()));
    StringBuilder out = new StringBuilder(text.length() + 32);
    int at = 0;
    for (Finding f : spans) {
      if (f.begin() < at) {
        continue;
      }
      out.append(text, at, f.begin()).append(f.rewrite());
      at = f.end();
    }
    out.append(text, at, text.length());
    for (String statement : appendix) {
      if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
        out.append('\n');
      }
      out.append(statement).append('。');
    }
    return out.toString();
  }
}
