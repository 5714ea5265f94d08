package io.liveguard.platform.registry;

/**
 * Why one row of an import (1-based) was refused.
 *
 * @param field the column, or {@code null} for the row as a whole
 * @param code the message key suffix ({@code registry.<code>})
 * @param message the message in the request's language
 */
public record RowError(int row, String field, String code, String message) {}
