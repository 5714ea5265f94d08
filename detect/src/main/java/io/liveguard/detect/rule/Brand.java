package io.liveguard.detect.rule;

import java.math.BigDecimal;
import java.util.List;

/**
 * A brand of the brand dictionary.
 *
 * @param id identifier, lower case
 * @param zh Chinese name, or null
 * @param en English name, or null
 * @param aliases other names and code names (小香 for Chanel)
 * @param ambiguousAliases aliases that are also ordinary words (苹果); they count only next to a
 *     counterfeit cue
 * @param category the brand's trade ({@code luxury}, {@code cosmetics} …)
 * @param referencePrice typical CNY price of a mainstream genuine item, or null
 * @param where {@code file:line}
 */
public record Brand(
    String id,
    String zh,
    String en,
    List<String> aliases,
    List<String> ambiguousAliases,
    String category,
    BigDecimal referencePrice,
    String where) {

  /** The name to show: Chinese if known, else English. */
  public String displayName() {
    return zh != null ? zh : en;
  }

  /** All names, unambiguous first. */
  public List<String> names() {
    List<String> out = new java.util.ArrayList<>();
    if (zh != null) {
      out.add(zh);
    }
    if (en != null) {
      out.add(en);
    }
    out.addAll(aliases);
    out.addAll(ambiguousAliases);
    return out;
  }
}
