package io.liveguard.detect.rule;

/**
 * A violation category or a product category, with its names.
 *
 * @param id identifier used in rule files and findings
 * @param zh Chinese name
 * @param en English name
 */
public record Category(String id, String zh, String en) {}
