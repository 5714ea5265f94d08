package io.liveguard.detect.lexicon;

import java.util.List;

/**
 * One lexicon entry: a canonical term, its written variants (homophone evasions, aliases) and an
 * optional compliant rewrite.
 *
 * @param canonical the term as findings report it
 * @param forms every written form including the canonical one, as written in the source
 * @param rewrite the compliant replacement, or null to use the rule's
 * @param where {@code file:line} of the entry, for error messages
 */
public record Term(String canonical, List<String> forms, String rewrite, String where) {

  public Term {
    forms = List.copyOf(forms);
  }

  /**
   * Parses one lexicon line: {@code canonical|variant|variant => rewrite}. Returns null for blank
   * and comment lines.
   *
   * @throws IllegalArgumentException with a message for the author if the line is malformed
   */
  public static Term parse(String line, String where) {
    String s = line.strip();
    if (s.isEmpty() || s.startsWith("#")) {
      return null;
    }
    String rewrite = null;
    int arrow = s.indexOf("=>");
    if (arrow >= 0) {
      rewrite = s.substring(arrow + 2).strip();
      s = s.substring(0, arrow).strip();
      if (rewrite.contains("=>")) {
        throw new IllegalArgumentException("more than one \"=>\" in \"" + line.strip() + "\"");
      }
    }
    String[] parts = s.split("\\|", -1);
    List<String> forms = new java.util.ArrayList<>(parts.length);
    for (String p : parts) {
      String f = p.strip();
      if (f.isEmpty()) {
        throw new IllegalArgumentException("empty form in \"" + line.strip() + "\"");
      }
      forms.add(f);
    }
    return new Term(forms.get(0), forms, rewrite, where);
  }
}
