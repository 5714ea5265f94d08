package io.liveguard.detect;

import io.liveguard.detect.rule.Catalogue;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.CatalogueFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Catalogues for tests, read from the module's resources on disk. */
public final class TestCatalogues {

  public static final Path LAWS = Path.of("src/main/resources/io/liveguard/detect/laws");

  private TestCatalogues() {}

  /** The small catalogue under {@code src/test/resources/catalogues/mini}. */
  public static Detector mini() {
    return load(Path.of("src/test/resources/catalogues/mini"));
  }

  public static Detector load(Path rules) {
    try {
      return Detector.of(Catalogue.load(CatalogueFiles.read(rules, LAWS)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CatalogueException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
