package io.liveguard.detect;

import io.liveguard.detect.lexicon.Lexicon;
import io.liveguard.detect.lexicon.PinyinVariants;
import io.liveguard.detect.lexicon.Term;
import io.liveguard.detect.rule.Catalogue;
import io.liveguard.detect.rule.Rule;
import io.liveguard.detect.text.NormalizedText;
import io.liveguard.detect.text.Normalizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The compiled catalogue: one Aho–Corasick automaton over every normalized term form of every
 * lexicon, and for each term the rules it serves and in which role.
 *
 * <p>A check is one pass of the automaton over the normalized text; the hits are then sorted into
 * the rules they concern, and each rule with hits applies longest match, allow-phrases, negation,
 * word boundaries and co-occurrence. Immutable and thread-safe.
 */
final class Engine {

  /*
   * Roles are packed into ints: rule index << 2 | role. Global roles (negators, global allow) are
   * per-term flags. Term ids are per (lexicon, entry), so a word in two lexicons has two ids and
   * serves each lexicon's rules independently.
   */
  private static final int PRIMARY = 0;
  private static final int ALLOW = 1;
  private static final int NEAR = 2;

  private static final byte NEGATOR = 1;
  private static final byte NON_NEGATOR = 2;
  private static final byte GLOBAL_ALLOW = 4;

  /** A negator may stand at most this many normalized characters before the term. */
  private static final int NEGATION_GAP = 2;

  private final Catalogue catalogue;
  private final Rule[] rules;
  private final Term[] terms;
  private final int[][] roles;
  private final byte[] globalFlags;
  private final TermTrie trie;
  private final int[] missingRules;
  private final Map<String, boolean[]> applicability =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final int patternCount;
  private final byte[] cacheKey;

  Engine(Catalogue catalogue) {
    this.catalogue = catalogue;
    this.rules = catalogue.rules().toArray(new Rule[0]);
    List<Term> termList = new ArrayList<>();
    Map<String, int[]> lexiconTermIds = new HashMap<>();
    for (Lexicon lx : catalogue.lexicons().values()) {
      int[] ids = new int[lx.terms().size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = termList.size();
        termList.add(lx.terms().get(i));
      }
      lexiconTermIds.put(lx.name(), ids);
    }
    this.terms = termList.toArray(new Term[0]);
    List<List<Integer>> roleLists = new ArrayList<>(terms.length);
    for (int i = 0; i < terms.length; i++) {
      roleLists.add(new ArrayList<>(2));
    }
    for (int r = 0; r < rules.length; r++) {
      Rule rule = rules[r];
      addRoles(roleLists, lexiconTermIds, rule.lexicons(), r, PRIMARY);
      addRoles(roleLists, lexiconTermIds, rule.allow(), r, ALLOW);
      if (rule.near() != null) {
        addRoles(roleLists, lexiconTermIds, rule.near().lexicons(), r, NEAR);
      }
    }
    this.roles = new int[terms.length][];
    for (int i = 0; i < terms.length; i++) {
      roles[i] = roleLists.get(i).stream().mapToInt(Integer::intValue).distinct().toArray();
    }
    this.globalFlags = new byte[terms.length];
    flag(lexiconTermIds.get(Catalogue.NEGATORS), NEGATOR);
    flag(lexiconTermIds.get(Catalogue.NON_NEGATORS), NON_NEGATOR);
    flag(lexiconTermIds.get(Catalogue.GLOBAL_ALLOW), GLOBAL_ALLOW);

    this.missingRules =
        java.util.stream.IntStream.range(0, rules.length)
            .filter(r -> rules[r].kind() == Rule.Kind.MISSING)
            .toArray();
    this.cacheKey = cacheKey();
    TermTrie cached = AutomatonCache.load(cacheKey, terms.length);
    if (cached != null) {
      this.trie = cached;
    } else {
      this.trie = build();
      AutomatonCache.store(cacheKey, trie);
    }
    this.patternCount = trie.size();
  }

  /** Which rules apply to the options' channel and product, computed once per combination. */
  private boolean[] applicable(CheckOptions options) {
    String key = options.channel().ordinal() + "/" + options.product();
    boolean[] a = applicability.get(key);
    if (a == null) {
      a = new boolean[rules.length];
      for (int r = 0; r < rules.length; r++) {
        a[r] = rules[r].appliesTo(options.channel(), options.product());
      }
      if (applicability.size() < 1024) {
        applicability.put(key, a);
      }
    }
    return a;
  }

  /** Whether term {@code id} takes part in matching at all. */
  private boolean live(int id) {
    return roles[id].length > 0 || globalFlags[id] != 0;
  }

  private boolean pinyin(int id) {
    return (globalFlags[id] & (NEGATOR | NON_NEGATOR)) == 0;
  }

  /** SHA-256 over everything the automaton depends on: format, live terms, forms, pinyin. */
  private byte[] cacheKey() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(
          ("liveguard-automaton-v2/" + terms.length + "\n").getBytes(StandardCharsets.UTF_8));
      for (int id = 0; id < terms.length; id++) {
        if (!live(id)) {
          continue;
        }
        StringBuilder b = new StringBuilder().append(id).append(pinyin(id) ? '+' : '-');
        for (String form : terms[id].forms()) {
          b.append('\u0000').append(form);
        }
        sha.update(b.append('\n').toString().getBytes(StandardCharsets.UTF_8));
      }
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Compiles the automaton: every normalized form and its pinyin spellings. */
  private TermTrie build() {
    Map<String, Set<Integer>> patterns = new HashMap<>();
    for (int id = 0; id < terms.length; id++) {
      if (!live(id)) {
        continue;
      }
      for (String form : terms[id].forms()) {
        String normalized = Normalizer.normalizeTerm(form);
        patterns.computeIfAbsent(normalized, k -> new LinkedHashSet<>()).add(id);
        if (pinyin(id)) {
          for (String variant : PinyinVariants.of(normalized)) {
            patterns.computeIfAbsent(variant, k -> new LinkedHashSet<>()).add(id);
          }
        }
      }
    }
    TreeMap<String, int[]> sorted = new TreeMap<>();
    for (Map.Entry<String, Set<Integer>> e : patterns.entrySet()) {
      sorted.put(e.getKey(), e.getValue().stream().mapToInt(Integer::intValue).toArray());
    }
    return TermTrie.build(sorted);
  }

  /** Writes this engine's automaton into {@code dir} (used at build time for the bundled one). */
  java.nio.file.Path writeAutomaton(java.nio.file.Path dir) throws java.io.IOException {
    return AutomatonCache.write(dir, cacheKey, trie);
  }

  private static void addRoles(
      List<List<Integer>> roleLists,
      Map<String, int[]> ids,
      List<String> names,
      int rule,
      int role) {
    for (String name : names) {
      for (int id : ids.get(name)) {
        roleLists.get(id).add(rule << 2 | role);
      }
    }
  }

  private void flag(int[] ids, byte flag) {
    if (ids != null) {
      for (int id : ids) {
        globalFlags[id] |= flag;
      }
    }
  }

  Catalogue catalogue() {
    return catalogue;
  }

  int patternCount() {
    return patternCount;
  }

  /** A hit of one term on normalized text, {@code [begin, end)}. */
  private record Hit(int begin, int end, int term) {
    int length() {
      return end - begin;
    }
  }

  /** Hits of one rule, by role. */
  private static final class RuleHits {
    final List<Hit> primary = new ArrayList<>(2);
    final List<Hit> allow = new ArrayList<>(0);
    final List<Hit> near = new ArrayList<>(0);
  }

  List<Finding> check(String original, CheckOptions options) {
    NormalizedText nt = Normalizer.normalize(original);
    String s = nt.text();
    boolean[] applicable = applicable(options);
    RuleHits[] byRule = new RuleHits[rules.length];
    List<Integer> touched = new ArrayList<>(4);
    List<Hit> negators = new ArrayList<>(0);
    List<Hit> nonNegators = new ArrayList<>(0);
    List<Hit> globalAllow = new ArrayList<>(0);
    trie.parseText(
        s,
        (begin, end, ids) -> {
          if (!latinBoundaryOk(nt, s, begin, end)) {
            return;
          }
          for (int id : ids) {
            Hit hit = new Hit(begin, end, id);
            byte g = globalFlags[id];
            if (g != 0) {
              if ((g & NEGATOR) != 0) {
                negators.add(hit);
              }
              if ((g & NON_NEGATOR) != 0) {
                nonNegators.add(hit);
              }
              if ((g & GLOBAL_ALLOW) != 0) {
                globalAllow.add(hit);
              }
            }
            for (int packed : roles[id]) {
              int r = packed >>> 2;
              if (!applicable[r]) {
                continue;
              }
              RuleHits rh = byRule[r];
              if (rh == null) {
                rh = byRule[r] = new RuleHits();
                touched.add(r);
              }
              switch (packed & 3) {
                case PRIMARY -> rh.primary.add(hit);
                case ALLOW -> rh.allow.add(hit);
                default -> rh.near.add(hit);
              }
            }
          }
        });
    List<Finding> out = new ArrayList<>();
    Boundaries boundaries = new Boundaries(s);
    for (int r : touched) {
      Rule rule = rules[r];
      if (rule.kind() != Rule.Kind.TERMS) {
        continue;
      }
      RuleHits rh = byRule[r];
      for (Hit hit : longest(rh.primary)) {
        if (covered(hit, rh.allow)
            || covered(hit, globalAllow)
            || allowedAcrossGap(nt, hit, rh.allow)) {
          continue;
        }
        if (rule.negatable() && negated(nt, hit, negators, nonNegators)) {
          continue;
        }
        if (rule.segment() && !boundaries.aligned(hit.begin(), hit.end())) {
          continue;
        }
        List<Finding.Span> context = List.of();
        if (rule.near() != null) {
          Hit other = nearest(nt, hit, rh.near, rule.near());
          if (other == null) {
            continue;
          }
          int[] o = nt.toOriginal(other.begin(), other.end());
          context = List.of(new Finding.Span(o[0], o[1], original.substring(o[0], o[1])));
        }
        out.add(finding(rule, options, nt, hit, context));
      }
    }
    for (int r : missingRules) {
      Rule rule = rules[r];
      if (applicable[r] && (byRule[r] == null || byRule[r].primary.isEmpty())) {
        Term required = catalogue.lexicons().get(rule.lexicons().get(0)).terms().get(0);
        out.add(
            new Finding(
                rule.id(),
                rule.category(),
                rule.severity(),
                options.channel(),
                0,
                0,
                "",
                required.canonical(),
                provisions(rule, options),
                rule.suggestion(),
                required.canonical(),
                List.of()));
      }
    }
    out.sort(
        Comparator.comparingInt(Finding::begin)
            .thenComparingInt(Finding::end)
            .thenComparing(Finding::rule));
    return out;
  }

  private Finding finding(
      Rule rule, CheckOptions options, NormalizedText nt, Hit hit, List<Finding.Span> context) {
    int[] o = nt.toOriginal(hit.begin(), hit.end());
    Term term = terms[hit.term()];
    return new Finding(
        rule.id(),
        rule.category(),
        rule.severity(),
        options.channel(),
        o[0],
        o[1],
        nt.original().substring(o[0], o[1]),
        term.canonical(),
        provisions(rule, options),
        rule.suggestion(),
        term.rewrite() != null ? term.rewrite() : rule.rewrite(),
        context);
  }

  private List<Provision> provisions(Rule rule, CheckOptions options) {
    List<Provision> out = new ArrayList<>(rule.provisions().size());
    for (Rule.ProvisionSpec spec : rule.provisions()) {
      out.add(catalogue.resolve(spec, options.conductDate()));
    }
    return out;
  }

  /** Keeps, among overlapping hits, the longest (the earliest on ties); drops exact duplicates. */
  private static List<Hit> longest(List<Hit> hits) {
    if (hits.size() <= 1) {
      return hits;
    }
    Hit[] sorted = hits.toArray(new Hit[0]);
    Arrays.sort(
        sorted, Comparator.comparingInt(Hit::length).reversed().thenComparingInt(Hit::begin));
    List<Hit> kept = new ArrayList<>(sorted.length);
    outer:
    for (Hit h : sorted) {
      for (Hit k : kept) {
        if (h.begin() < k.end() && k.begin() < h.end()) {
          continue outer;
        }
      }
      kept.add(h);
    }
    return kept;
  }

  private static boolean covered(Hit hit, List<Hit> allows) {
    for (Hit a : allows) {
      if (a.begin() <= hit.begin() && hit.end() <= a.end()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether an allow-phrase starts inside the hit, right after removed characters (a comma, a
   * space), and runs past its end: 回购，第一次 must not read as 回购第一 when 第一次 is allowed.
   */
  private static boolean allowedAcrossGap(NormalizedText nt, Hit hit, List<Hit> allows) {
    for (Hit a : allows) {
      if (a.begin() > hit.begin()
          && a.begin() < hit.end()
          && a.end() > hit.end()
          && nt.gapBefore(a.begin())) {
        return true;
      }
    }
    return false;
  }

  private static boolean negated(
      NormalizedText nt, Hit hit, List<Hit> negators, List<Hit> nonNegators) {
    for (Hit n : negators) {
      if (n.end() > hit.begin() || hit.begin() - n.end() > NEGATION_GAP) {
        continue;
      }
      if (covered(n, nonNegators) || nt.breakBetween(n.end() - 1, hit.begin() + 1)) {
        continue;
      }
      boolean partOfNonNegator = false;
      for (Hit nn : nonNegators) {
        if (nn.begin() <= n.begin() && n.begin() < nn.end()) {
          partOfNonNegator = true;
          break;
        }
      }
      if (!partOfNonNegator) {
        return true;
      }
    }
    return false;
  }

  private static Hit nearest(NormalizedText nt, Hit hit, List<Hit> candidates, Rule.Near near) {
    Hit best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Hit c : candidates) {
      if (c.begin() < hit.end() && hit.begin() < c.end()) {
        continue;
      }
      int distance = c.begin() >= hit.end() ? c.begin() - hit.end() : hit.begin() - c.end();
      if (distance > near.within() || distance >= bestDistance) {
        continue;
      }
      int from = Math.min(hit.begin(), c.begin());
      int to = Math.max(hit.end(), c.end());
      if (!near.crossSentence() && nt.breakBetween(from, to)) {
        continue;
      }
      best = c;
      bestDistance = distance;
    }
    return best;
  }

  /**
   * Rejects a hit that begins or ends inside a run of Latin letters (pinyin {@code dingji} inside
   * {@code pudding}), unless removed characters (spaces) separate it from its neighbours.
   */
  private static boolean latinBoundaryOk(NormalizedText nt, String s, int begin, int end) {
    if (begin > 0
        && isLatin(s.charAt(begin))
        && isLatin(s.charAt(begin - 1))
        && !nt.gapBefore(begin)) {
      return false;
    }
    return end >= s.length()
        || !isLatin(s.charAt(end - 1))
        || !isLatin(s.charAt(end))
        || nt.gapBefore(end);
  }

  private static boolean isLatin(char c) {
    return c >= 'a' && c <= 'z';
  }
}
