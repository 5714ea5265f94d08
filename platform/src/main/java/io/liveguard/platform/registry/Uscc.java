package io.liveguard.platform.registry;

/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from the 31-character
 * alphabet {@code 0-9 A-H J-N P-R T U W-Y}, the last one a check character.
 *
 * <p>Design note: the check character is {@code C18 = 31 - (Σ Ci·Wi mod 31)}, with weights {@code
 * Wi = 3^(i-1) mod 31} for positions 1..17 and a result of 31 written as {@code 0}.
 */
public final class Uscc {
  static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  private static final int[] WEIGHTS = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };

  private Uscc() {}

  /** Why a code is invalid. */
  public enum Problem {
    LENGTH,
    CHARACTER,
    ADMINISTRATIVE_DIVISION,
    CHECK_DIGIT
  }

  /** The problem with a code, or {@code null} when it is valid. Lower case is not accepted. */
  public static Problem check(String code) {
    if (code == null || code.length() != 18) {
      return Problem.LENGTH;
    }
    int sum = 0;
    for (int i = 0; i < 18; i++) {
      if (ALPHABET.indexOf(code.charAt(i)) < 0) {
        return Problem.CHARACTER;
      }
    }
    for (int i = 2; i < 8; i++) {
      if (code.charAt(i) < '0' || code.charAt(i) > '9') {
        return Problem.ADMINISTRATIVE_DIVISION;
      }
    }
    for (int i = 0; i < 17; i++) {
      sum += ALPHABET.indexOf(code.charAt(i)) * WEIGHTS[i];
    }
    if (code.charAt(17) != checkCharacter(sum)) {
      return Problem.CHECK_DIGIT;
    }
    return null;
  }

  /** The check character for the first 17 characters of a code (which must be in the alphabet). */
  public static char checkCharacter(String first17) {
    if (first17.length() != 17) {
      throw new IllegalArgumentException("need 17 characters, got " + first17.length());
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      int v = ALPHABET.indexOf(first17.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("not a USCC character: '" + first17.charAt(i) + "'");
      }
      sum += v * WEIGHTS[i];
    }
    return checkCharacter(sum);
  }

  private static char checkCharacter(int sum) {
    int c = 31 - sum % 31;
    return ALPHABET.charAt(c == 31 ? 0 : c);
  }

  public static boolean isValid(String code) {
    return check(code) == null;
  }
}
