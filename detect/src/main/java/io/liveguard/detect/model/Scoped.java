package io.liveguard.detect.model;

/**
 * A hit with the scope it belongs to, for models whose hits can surface in a later session than the
 * claim they rest on (a "仅限今天" claim contradicted by tomorrow's price).
 *
 * @param scope the caller's scope key of the session the claim was made in
 * @param hit the hit
 */
public record Scoped(String scope, Hit hit) {}
