package io.liveguard.detect;

import io.liveguard.detect.rule.Catalogue;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.CatalogueFiles;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Checks text against a rule catalogue and returns every finding with its rule, the span of the
 * original text, the matched words, the provisions of law and a compliant suggestion.
 *
 * <p>Thread-safe; build one per catalogue and share it. Checking costs one automaton pass over the
 * normalized text plus work proportional to the number of hits.
 */
public final class Detector {

  /** The time zone that fixes conduct dates: Asia/Shanghai. */
  public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  /** Longest text one call accepts, in UTF-16 units. */
  public static final int MAX_TEXT_LENGTH = 1_000_000;

  private final Engine engine;

  private Detector(Catalogue catalogue) {
    this.engine = new Engine(catalogue);
  }

  /** A detector for a loaded catalogue. */
  public static Detector of(Catalogue catalogue) {
    return new Detector(Objects.requireNonNull(catalogue, "catalogue"));
  }

  /**
   * The detector for the catalogue bundled in this jar, loaded once.
   *
   * @throws IllegalStateException if the bundled catalogue is invalid (a build error)
   */
  public static Detector bundled() {
    return Bundled.INSTANCE;
  }

  /**
   * Checks one text.
   *
   * @param text the original text, any length up to {@link #MAX_TEXT_LENGTH}
   * @return findings ordered by position, then rule id
   * @throws IllegalArgumentException if the text is longer than {@link #MAX_TEXT_LENGTH}
   */
  public List<Finding> check(String text, CheckOptions options) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(options, "options");
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          "text of "
              + text.length()
              + " characters exceeds the limit of "
              + MAX_TEXT_LENGTH
              + " characters per check");
    }
    return engine.check(text, options);
  }

  /** The catalogue this detector checks against. */
  public Catalogue catalogue() {
    return engine.catalogue();
  }

  /** Number of distinct patterns in the automaton (terms, variants, pinyin spellings). */
  public int patternCount() {
    return engine.patternCount();
  }

  private static final class Bundled {
    static final Detector INSTANCE = load();

    private static Detector load() {
      try {
        return new Detector(Catalogue.load(CatalogueFiles.bundled()));
      } catch (CatalogueException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
    }

    private Bundled() {}
  }
}
