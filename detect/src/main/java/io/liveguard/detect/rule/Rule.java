package io.liveguard.detect.rule;

import io.liveguard.detect.Channel;
import io.liveguard.detect.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rule of the catalogue: what to look for, where, and which provisions it breaks. Loaded from
 * YAML by {@link Catalogue}; see {@code docs/rules.md} for the file format.
 *
 * @param id unique id, {@code [A-Z0-9-]+}
 * @param nameZh Chinese name
 * @param nameEn English name
 * @param category violation category id
 * @param severity how serious a finding is
 * @param channels channels the rule applies to
 * @param products product categories the rule applies to; empty means any
 * @param strictProducts whether the rule needs a known product category from {@code products}
 * @param kind what makes the rule fire
 * @param lexicons names of the lexicons whose terms fire the rule ({@link Kind#TERMS}) or whose
 *     presence is required ({@link Kind#MISSING})
 * @param allow names of the lexicons of allow-phrases
 * @param negatable whether a negator right before a term cancels it
 * @param segment whether a match must start and end on word boundaries
 * @param near co-occurrence condition, or null
 * @param provisions provisions of law, at least one
 * @param suggestion advice for the merchant
 * @param rewrite default replacement for matched terms ({@code ""} deletes)
 * @param matchExamples texts that must fire the rule
 * @param noMatchExamples texts that must not fire the rule
 * @param where {@code file:line} of the rule
 */
public record Rule(
    String id,
    String nameZh,
    String nameEn,
    String category,
    Severity severity,
    Set<Channel> channels,
    Set<String> products,
    boolean strictProducts,
    Kind kind,
    List<String> lexicons,
    List<String> allow,
    boolean negatable,
    boolean segment,
    Near near,
    List<ProvisionSpec> provisions,
    String suggestion,
    String rewrite,
    List<Example> matchExamples,
    List<Example> noMatchExamples,
    String where) {

  /** What makes a rule fire. */
  public enum Kind {
    /** A term of the rule's lexicons occurs (subject to allow, negation, segmentation, near). */
    TERMS,
    /** None of the required phrases occurs in a whole script. */
    MISSING
  }

  /**
   * A co-occurrence condition: a term counts only with a term of these lexicons nearby.
   *
   * @param lexicons lexicon names
   * @param within maximum distance in normalized characters between the two
   * @param crossSentence whether the other term may stand in another sentence
   */
  public record Near(List<String> lexicons, int within, boolean crossSentence) {}

  /**
   * A provision as written in a rule: fixed, or one article reference per law version.
   *
   * @param law the law id
   * @param fixed the reference for a law with a single numbering, or null
   * @param byVersion the reference per version label, or empty
   */
  public record ProvisionSpec(String law, ArticleRef fixed, Map<String, ArticleRef> byVersion) {}

  /** Article, optional paragraph and item. */
  public record ArticleRef(int article, Integer paragraph, Integer item) {}

  /**
   * An example sentence with the context to check it in.
   *
   * @param text the sentence
   * @param channel the channel, or null for the rule's first
   * @param product the product category, or null
   * @param where {@code file:line}
   */
  public record Example(String text, Channel channel, String product, String where) {}

  /** Whether the rule applies to {@code channel} and product category {@code product}. */
  public boolean appliesTo(Channel channel, String product) {
    if (!channels.contains(channel)) {
      return false;
    }
    if (product == null) {
      return !strictProducts;
    }
    return products.isEmpty() || products.contains(product);
  }
}
