package io.liveguard.cli;

import io.liveguard.detect.Detector;
import io.liveguard.detect.rule.Catalogue;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.CatalogueFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Options shared by the text-checking commands: catalogue, product category, conduct date. */
final class DetectorOptions {

  private DetectorOptions() {}

  /** The bundled detector, or one for the rule directory given with {@code --rules}. */
  static Detector detector(Args args) throws UsageException {
    String rules = args.get("rules", null);
    if (rules == null) {
      return Detector.bundled();
    }
    try {
      return Detector.of(Catalogue.load(CatalogueFiles.readRules(Path.of(rules))));
    } catch (IOException e) {
      throw new UsageException("cannot read rule directory " + rules + ": " + e.getMessage(), e);
    } catch (CatalogueException e) {
      throw new UsageException(e.getMessage(), e);
    }
  }

  /** The product category given with {@code --category}, checked against the catalogue. */
  static String product(Args args, Detector detector) throws UsageException {
    String product = args.get("category", null);
    if (product != null && !detector.catalogue().products().containsKey(product)) {
      throw new UsageException(
          "unknown product category \""
              + product
              + "\" (known: "
              + String.join(", ", detector.catalogue().products().keySet())
              + ")");
    }
    return product;
  }

  /** The conduct date given with {@code --date}, or today in Asia/Shanghai. */
  static LocalDate date(Args args) throws UsageException {
    String d = args.get("date", null);
    if (d == null) {
      return LocalDate.now(Detector.CHINA);
    }
    try {
      return LocalDate.parse(d);
    } catch (DateTimeParseException e) {
      throw new UsageException("--date \"" + d + "\" is not a date (YYYY-MM-DD)");
    }
  }
}
