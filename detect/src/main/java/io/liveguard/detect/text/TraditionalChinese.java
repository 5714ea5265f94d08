package io.liveguard.detect.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Character-level traditional → simplified Chinese conversion, from HanLP's {@code t2s} table.
 *
 * <p>Only one-to-one character mappings are used, so that conversion never changes the number of
 * characters and offsets stay exact. Chains (A → B → C) are resolved so conversion is idempotent.
 */
public final class TraditionalChinese {

  private static final String RESOURCE = "/data/dictionary/tc/t2s.txt";
  private static final Map<Integer, Integer> MAP = load();

  private TraditionalChinese() {}

  /** The simplified form of code point {@code cp}, or {@code cp} itself if it has none. */
  public static int toSimplified(int cp) {
    Integer s = MAP.get(cp);
    return s == null ? cp : s;
  }

  private static Map<Integer, Integer> load() {
    Map<Integer, Integer> raw = new HashMap<>(8192);
    try (InputStream in = TraditionalChinese.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "HanLP's " + RESOURCE + " is not on the class path (hanlp portable jar missing?)");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
          continue;
        }
        String from = line.substring(0, eq);
        String to = line.substring(eq + 1).trim();
        if (from.codePointCount(0, from.length()) == 1 && to.codePointCount(0, to.length()) == 1) {
          int f = from.codePointAt(0);
          int t = to.codePointAt(0);
          if (f != t) {
            raw.put(f, t);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    Map<Integer, Integer> resolved = new HashMap<>(raw.size() * 2);
    for (Map.Entry<Integer, Integer> e : raw.entrySet()) {
      int t = e.getValue();
      for (int hops = 0; hops < 4 && raw.containsKey(t) && raw.get(t) != t; hops++) {
        t = raw.get(t);
      }
      if (t != e.getKey()) {
        resolved.put(e.getKey(), t);
      }
    }
    return Map.copyOf(resolved);
  }
}
