package io.liveguard.detect.event;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Limits and checks shared by the event types. Messages name the JSON field, so that the same text
 * reaches the sender whether the event came through the codec or was built in code.
 */
final class Checks {

  /** Longest text of a transcript, screen text, chat message, title or script, in characters. */
  static final int MAX_TEXT = 10_000;

  /** Most attributes one listing snapshot may carry. */
  static final int MAX_ATTRIBUTES = 200;

  /** Longest attribute name, in characters. */
  static final int MAX_ATTRIBUTE_NAME = 64;

  /** Longest attribute value, in characters. */
  static final int MAX_ATTRIBUTE_VALUE = 1_000;

  /** Longest short label (user, shop, brand, engine, status, source seller), in characters. */
  static final int MAX_LABEL = 128;

  /** Largest amount of money accepted, in CNY. */
  static final BigDecimal MAX_MONEY = new BigDecimal("1000000000");

  /** Identifiers: event id, room, session, listing. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_]{0,31}");

  private Checks() {}

  static String id(String field, String value) {
    if (value == null) {
      throw bad(field, "is required");
    }
    if (!ID.matcher(value).matches()) {
      throw bad(
          field, "must be 1–128 characters of A–Z a–z 0–9 . _ : -, was " + Checks.quote(value, 40));
    }
    return value;
  }

  static String optionalId(String field, String value) {
    return value == null ? null : id(field, value);
  }

  static String text(String field, String value, boolean allowEmpty) {
    if (value == null) {
      throw bad(field, "is required");
    }
    if (!allowEmpty && value.isBlank()) {
      throw bad(field, "is empty");
    }
    if (value.length() > MAX_TEXT) {
      throw bad(
          field,
          "has " + value.length() + " characters; the limit is " + MAX_TEXT + " (split the text)");
    }
    return value;
  }

  static String label(String field, String value, boolean required) {
    if (value == null) {
      if (required) {
        throw bad(field, "is required");
      }
      return null;
    }
    if (value.isBlank()) {
      throw bad(field, "is empty");
    }
    if (value.length() > MAX_LABEL) {
      throw bad(field, "has " + value.length() + " characters; the limit is " + MAX_LABEL);
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw bad(field, "contains a control character");
      }
    }
    return value;
  }

  static String category(String field, String value) {
    if (value == null) {
      return null;
    }
    if (!CATEGORY.matcher(value).matches()) {
      throw bad(
          field,
          "must be a product category id such as food, cosmetics or apparel, was "
              + quote(value, 40));
    }
    return value;
  }

  static BigDecimal money(String field, BigDecimal value, boolean required) {
    if (value == null) {
      if (required) {
        throw bad(field, "is required");
      }
      return null;
    }
    if (value.signum() < 0) {
      throw bad(field, "must not be negative, was " + value.toPlainString());
    }
    if (value.compareTo(MAX_MONEY) > 0) {
      throw bad(field, "exceeds " + MAX_MONEY.toPlainString() + " CNY");
    }
    if (value.stripTrailingZeros().scale() > 2) {
      throw bad(field, "has more than two decimal places (分): " + value.toPlainString());
    }
    return value;
  }

  static IllegalArgumentException bad(String field, String message) {
    return new IllegalArgumentException("field \"" + field + "\": " + message);
  }

  /** {@code value} in quotes, cut to {@code max} characters, control characters escaped. */
  static String quote(String value, int max) {
    StringBuilder b = new StringBuilder("\"");
    int n = Math.min(value.length(), max);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (value.length() > max) {
      b.append("…");
    }
    return b.append('"').toString();
  }
}
