package io.liveguard.evidence.blob;

/** Validates blob keys: exactly 64 lowercase hex digits, so no key can name a path. */
public final class BlobKeys {

  private BlobKeys() {}

  /** Returns {@code key} if it is a valid SHA-256 hex key, else throws naming it. */
  public static String check(String key) {
    if (!isValid(key)) {
      throw new IllegalArgumentException(
          "blob key must be 64 lowercase hex digits (a SHA-256), got \""
              + (key == null ? "null" : key.length() > 80 ? key.substring(0, 80) + "…" : key)
              + "\"");
    }
    return key;
  }

  /** Returns whether {@code key} is 64 lowercase hex digits. */
  public static boolean isValid(String key) {
    if (key == null || key.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = key.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
