package io.liveguard.detect.rule;

import java.util.ArrayList;
import java.util.List;

/** Collects catalogue problems so that one load reports all of them, not just the first. */
final class Problems {

  private static final int MAX = 200;

  private final List<String> list = new ArrayList<>();

  void add(String where, String message) {
    if (list.size() < MAX) {
      list.add(where + ": " + message);
    } else if (list.size() == MAX) {
      list.add("… more problems not shown");
    }
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  void throwIfAny() throws CatalogueException {
    if (!list.isEmpty()) {
      throw new CatalogueException(list);
    }
  }
}
