package io.liveguard.detect.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Toneless pinyin readings of single Chinese characters, from HanLP's pinyin dictionary.
 *
 * <p>Readings are lower-case ASCII ({@code ü} written {@code v}, as HanLP does); polyphonic
 * characters have several, the most common first.
 */
public final class Pinyin {

  private static final String RESOURCE = "/data/dictionary/pinyin/pinyin.txt";
  private static final Map<Character, List<String>> READINGS = load();

  private Pinyin() {}

  /** The toneless readings of {@code c}, most common first; empty if it has none. */
  public static List<String> readings(char c) {
    return READINGS.getOrDefault(c, List.of());
  }

  private static Map<Character, List<String>> load() {
    Map<Character, List<String>> map = new HashMap<>(32768);
    try (InputStream in = Pinyin.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "HanLP's " + RESOURCE + " is not on the class path (hanlp portable jar missing?)");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        int eq = line.indexOf('=');
        if (eq != 1) {
          continue;
        }
        char c = line.charAt(0);
        Set<String> readings = new LinkedHashSet<>();
        for (String syllable : line.substring(eq + 1).split(",")) {
          String s = syllable.trim();
          int end = s.length();
          while (end > 0 && Character.isDigit(s.charAt(end - 1))) {
            end--;
          }
          s = s.substring(0, end);
          if (!s.isEmpty() && s.chars().allMatch(ch -> ch >= 'a' && ch <= 'z')) {
            readings.add(s);
            if (s.indexOf('v') >= 0) {
              // Typed input writes ü as v, pinyin with its diacritics loses it to u (lǜ → lu).
              readings.add(s.replace('v', 'u'));
            }
          }
        }
        if (!readings.isEmpty()) {
          map.put(c, List.copyOf(new ArrayList<>(readings)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return map;
  }
}
