package io.liveguard.detect.lexicon;

import java.util.List;

/**
 * A named list of terms that rules reference.
 *
 * @param name the lexicon's name ({@code absolute-superlative}, {@code brands}, or a rule's inline
 *     list such as {@code ABS-SUPERLATIVE#terms})
 * @param terms the entries, in file order
 */
public record Lexicon(String name, List<Term> terms) {

  public Lexicon {
    terms = List.copyOf(terms);
  }

  /** Number of written forms over all terms. */
  public int formCount() {
    return terms.stream().mapToInt(t -> t.forms().size()).sum();
  }
}
