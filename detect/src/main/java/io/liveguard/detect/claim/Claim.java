package io.liveguard.detect.claim;

/**
 * A claim found in a text: a value of a taxonomy dimension, said at a span.
 *
 * @param dimension the dimension ({@code material})
 * @param value the value claimed ({@code 天丝})
 * @param begin first UTF-16 index in the original text
 * @param end one past the last index, half-open
 * @param matched the original characters
 * @param pure whether qualified as pure (纯, 全, 100%)
 */
public record Claim(
    Taxonomy.Dimension dimension,
    Taxonomy.Value value,
    int begin,
    int end,
    String matched,
    boolean pure) {}
