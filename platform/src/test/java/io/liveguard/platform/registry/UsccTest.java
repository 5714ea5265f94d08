package io.liveguard.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class UsccTest {

  @Test
  void acceptsPublishedCodes() {
    // The example of GB 32100-2015 and two codes from public business licences (Shenzhen).
    assertThat(Uscc.check("91350100M000100Y43")).isNull();
    assertThat(Uscc.check("91440300708461136T")).isNull();
    assertThat(Uscc.check("914403001922038216")).isNull();
  }

  @Test
  void refusesAWrongCheckCharacter() {
    assertThat(Uscc.check("91350100M000100Y44")).isEqualTo(Uscc.Problem.CHECK_DIGIT);
  }

  @Test
  void refusesLettersOutsideTheAlphabetAndBadLengths() {
    assertThat(Uscc.check("91350100M000100YI3")).isEqualTo(Uscc.Problem.CHARACTER);
    assertThat(Uscc.check("91350100m000100Y43")).isEqualTo(Uscc.Problem.CHARACTER);
    assertThat(Uscc.check("91350100M000100Y4")).isEqualTo(Uscc.Problem.LENGTH);
    assertThat(Uscc.check(null)).isEqualTo(Uscc.Problem.LENGTH);
    assertThat(Uscc.check("91A50100M000100Y43")).isEqualTo(Uscc.Problem.ADMINISTRATIVE_DIVISION);
  }

  @Test
  void everySingleCharacterChangeIsDetected() {
    long seed = new Random().nextLong();
    Random r = new Random(seed);
    String valid = "91350100M000100Y43";
    for (int n = 0; n < 2000; n++) {
      int pos = r.nextInt(18);
      char c = Uscc.ALPHABET.charAt(r.nextInt(31));
      if (c == valid.charAt(pos) || (pos >= 2 && pos < 8 && !Character.isDigit(c))) {
        continue;
      }
      String changed = valid.substring(0, pos) + c + valid.substring(pos + 1);
      assertThat(Uscc.isValid(changed)).as("seed %d: %s", seed, changed).isFalse();
    }
  }

  @Test
  void computedCheckCharacterMakesACodeValid() {
    String first17 = "91110108MA01ABCD1";
    assertThat(Uscc.isValid(first17 + Uscc.checkCharacter(first17))).isTrue();
  }
}
