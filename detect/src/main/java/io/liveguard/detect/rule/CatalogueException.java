package io.liveguard.detect.rule;

import java.util.List;

/**
 * The rule catalogue could not be loaded; {@link #problems()} lists every problem found, each as
 * {@code file:line: message}.
 */
public final class CatalogueException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public CatalogueException(List<String> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in file order, each {@code file:line: message}. */
  public List<String> problems() {
    return problems;
  }

  private static String summary(List<String> problems) {
    StringBuilder b = new StringBuilder();
    b.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
    b.append(" in the rule catalogue:");
    for (String p : problems) {
      b.append("\n  ").append(p);
    }
    return b.toString();
  }
}
