package io.liveguard.detect;

import java.util.Objects;

/**
 * One provision of law a finding rests on: law, the version in force at the conduct date, article,
 * and optionally paragraph (款) and item (项).
 *
 * @param law the law's id as in {@code laws.yaml}, e.g. {@code 广告法}
 * @param version the version of the law whose numbering {@code article} follows, e.g. {@code 2025};
 *     {@code null} when the law has had a single numbering
 * @param article article number (条), at least 1
 * @param paragraph paragraph number (款), or {@code null}
 * @param item item number (项), or {@code null}
 */
public record Provision(String law, String version, int article, Integer paragraph, Integer item) {

  public Provision {
    Objects.requireNonNull(law, "law");
    if (article < 1) {
      throw new IllegalArgumentException("article must be at least 1, was " + article);
    }
    if (paragraph != null && paragraph < 1) {
      throw new IllegalArgumentException("paragraph must be at least 1, was " + paragraph);
    }
    if (item != null && item < 1) {
      throw new IllegalArgumentException("item must be at least 1, was " + item);
    }
  }

  /** The citation in Chinese, e.g. {@code 《广告法》第9条第3项}. */
  public String citation() {
    StringBuilder b = new StringBuilder("《").append(law).append("》第").append(article).append("条");
    if (paragraph != null) {
      b.append("第").append(paragraph).append("款");
    }
    if (item != null) {
      b.append("第").append(item).append("项");
    }
    return b.toString();
  }
}
