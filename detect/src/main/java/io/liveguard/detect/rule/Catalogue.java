package io.liveguard.detect.rule;

import io.liveguard.detect.Channel;
import io.liveguard.detect.Provision;
import io.liveguard.detect.Severity;
import io.liveguard.detect.lexicon.Lexicon;
import io.liveguard.detect.lexicon.Term;
import io.liveguard.detect.text.Normalizer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated rule catalogue: rules, lexicons, brands, categories and laws.
 *
 * <p>{@link #load(CatalogueFiles)} checks everything an author can get wrong and reports every
 * problem as {@code file:line: message}: unknown keys, categories, channels, products, laws,
 * articles that do not exist in the cited statute text, duplicate rule ids, empty terms, missing
 * examples. Immutable and thread-safe once loaded.
 */
public final class Catalogue {

  /** Name of the lexicon built from {@code brands.yaml}. */
  public static final String BRANDS = "brands";

  /** Name of the global allow-phrase lexicon ({@code lexicon/allow.txt}), applied to every rule. */
  public static final String GLOBAL_ALLOW = "allow";

  /** Name of the negator lexicon ({@code lexicon/negators.txt}). */
  public static final String NEGATORS = "negators";

  /** Name of the lexicon of phrases that look like negators but are not (不仅, 非常). */
  public static final String NON_NEGATORS = "non-negators";

  private static final Pattern RULE_ID = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,63}");
  private static final Set<String> RESERVED =
      Set.of("categories.yaml", "laws.yaml", "brands.yaml", "models.yaml");

  private static final Set<String> RULE_KEYS =
      orderedSet(
          "id",
          "name",
          "severity",
          "kind",
          "channels",
          "products",
          "strict-products",
          "terms",
          "lexicons",
          "allow",
          "negatable",
          "segment",
          "near",
          "required",
          "provisions",
          "suggestion",
          "rewrite",
          "examples");

  private final List<Rule> rules;
  private final Map<String, Rule> rulesById;
  private final Map<String, Lexicon> lexicons;
  private final Map<String, Law> laws;
  private final Map<String, Category> categories;
  private final Map<String, Category> products;
  private final List<Brand> brands;

  private Catalogue(Loader l) {
    this(l.rules, l.lexicons, l.laws, l.categories, l.products, l.brands);
  }

  private Catalogue(
      List<Rule> rules,
      Map<String, Lexicon> lexicons,
      Map<String, Law> laws,
      Map<String, Category> categories,
      Map<String, Category> products,
      List<Brand> brands) {
    this.rules = List.copyOf(rules);
    Map<String, Rule> byId = new LinkedHashMap<>();
    for (Rule r : this.rules) {
      byId.put(r.id(), r);
    }
    this.rulesById = Collections.unmodifiableMap(byId);
    this.lexicons = Collections.unmodifiableMap(new LinkedHashMap<>(lexicons));
    this.laws = Collections.unmodifiableMap(new LinkedHashMap<>(laws));
    this.categories = Collections.unmodifiableMap(new LinkedHashMap<>(categories));
    this.products = Collections.unmodifiableMap(new LinkedHashMap<>(products));
    this.brands = List.copyOf(brands);
  }

  /**
   * A copy of this catalogue with an overlay applied: the rules in {@code disabled} left out, and
   * terms and allow-phrases added to rules' own inline lists ({@code ID#terms} — {@code
   * ID#required} for a rule of kind missing — and {@code ID#allow}, created when the rule has
   * none). Laws, categories, brands and shared lexicons are unchanged. This catalogue is not
   * modified.
   *
   * @param disabled ids of rules to leave out
   * @param terms terms to add, by rule id
   * @param allow allow-phrases to add, by rule id
   * @throws IllegalArgumentException naming an unknown rule id, or a term form that is empty after
   *     normalization
   */
  public Catalogue amend(
      Set<String> disabled, Map<String, List<Term>> terms, Map<String, List<Term>> allow) {
    for (String id : disabled) {
      requireRule(id);
    }
    for (var e : terms.entrySet()) {
      requireRule(e.getKey());
      e.getValue().forEach(Catalogue::requireForms);
    }
    for (var e : allow.entrySet()) {
      requireRule(e.getKey());
      e.getValue().forEach(Catalogue::requireForms);
    }
    Map<String, Lexicon> lx = new LinkedHashMap<>(lexicons);
    List<Rule> out = new ArrayList<>(rules.size());
    for (Rule r : rules) {
      if (disabled.contains(r.id())) {
        continue;
      }
      List<String> primary = r.lexicons();
      List<Term> moreTerms = terms.getOrDefault(r.id(), List.of());
      if (!moreTerms.isEmpty()) {
        String name = r.id() + (r.kind() == Rule.Kind.MISSING ? "#required" : "#terms");
        primary = extend(lx, name, moreTerms, primary);
      }
      List<String> allowNames = r.allow();
      List<Term> moreAllow = allow.getOrDefault(r.id(), List.of());
      if (!moreAllow.isEmpty()) {
        allowNames = extend(lx, r.id() + "#allow", moreAllow, allowNames);
      }
      out.add(
          primary == r.lexicons() && allowNames == r.allow()
              ? r
              : new Rule(
                  r.id(),
                  r.nameZh(),
                  r.nameEn(),
                  r.category(),
                  r.severity(),
                  r.channels(),
                  r.products(),
                  r.strictProducts(),
                  r.kind(),
                  primary,
                  allowNames,
                  r.negatable(),
                  r.segment(),
                  r.near(),
                  r.provisions(),
                  r.suggestion(),
                  r.rewrite(),
                  r.matchExamples(),
                  r.noMatchExamples(),
                  r.where()));
    }
    return new Catalogue(out, lx, laws, categories, products, brands);
  }

  private void requireRule(String id) {
    if (!rulesById.containsKey(id)) {
      throw new IllegalArgumentException("unknown rule \"" + id + "\"");
    }
  }

  private static void requireForms(Term t) {
    for (String form : t.forms()) {
      if (Normalizer.normalizeTerm(form).isEmpty()) {
        throw new IllegalArgumentException(
            "\"" + form + "\" is empty after normalization (only punctuation?)");
      }
    }
  }

  /** Adds terms to the named lexicon (created if absent) and its name to {@code names}. */
  private static List<String> extend(
      Map<String, Lexicon> lx, String name, List<Term> more, List<String> names) {
    List<Term> all = new ArrayList<>();
    Lexicon old = lx.get(name);
    if (old != null) {
      all.addAll(old.terms());
    }
    all.addAll(more);
    lx.put(name, new Lexicon(name, all));
    if (names.contains(name)) {
      return List.copyOf(names);
    }
    List<String> n = new ArrayList<>(names);
    n.add(name);
    return List.copyOf(n);
  }

  /**
   * Loads and validates a catalogue.
   *
   * @throws CatalogueException listing every problem found
   */
  public static Catalogue load(CatalogueFiles files) throws CatalogueException {
    Loader l = new Loader(files);
    l.load();
    l.problems.throwIfAny();
    return new Catalogue(l);
  }

  /** Rules in file order. */
  public List<Rule> rules() {
    return rules;
  }

  /** The rule with this id, or null. */
  public Rule rule(String id) {
    return rulesById.get(id);
  }

  /** Lexicons by name, including rules' inline lists, {@code brands}, {@code allow}. */
  public Map<String, Lexicon> lexicons() {
    return lexicons;
  }

  /** Laws by id. */
  public Map<String, Law> laws() {
    return laws;
  }

  /** Violation categories by id. */
  public Map<String, Category> categories() {
    return categories;
  }

  /** Product categories by id. */
  public Map<String, Category> products() {
    return products;
  }

  /** The brand dictionary. */
  public List<Brand> brands() {
    return brands;
  }

  /** Number of distinct normalized lexicon entries (forms) over the named lexicons and rules. */
  public int lexiconEntryCount() {
    Set<String> forms = new java.util.HashSet<>();
    for (Lexicon lx : lexicons.values()) {
      if (lx.name().equals(NEGATORS) || lx.name().equals(NON_NEGATORS)) {
        continue;
      }
      for (Term t : lx.terms()) {
        for (String f : t.forms()) {
          forms.add(Normalizer.normalizeTerm(f));
        }
      }
    }
    return forms.size();
  }

  /** Resolves a rule's provision for the conduct date. */
  public Provision resolve(Rule.ProvisionSpec spec, LocalDate conductDate) {
    Law law = laws.get(spec.law());
    Law.Version v = law.versionAt(conductDate);
    Rule.ArticleRef ref = spec.fixed() != null ? spec.fixed() : spec.byVersion().get(v.version());
    return new Provision(
        law.id(),
        law.isVersioned() ? v.version() : null,
        ref.article(),
        ref.paragraph(),
        ref.item());
  }

  private static Set<String> orderedSet(String... keys) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
  }

  /** One load: mutable state and the problems found. */
  private static final class Loader {
    final CatalogueFiles files;
    final Problems problems = new Problems();
    final List<Rule> rules = new ArrayList<>();
    final Map<String, Lexicon> lexicons = new LinkedHashMap<>();
    final Map<String, Law> laws = new LinkedHashMap<>();
    final Map<String, Category> categories = new LinkedHashMap<>();
    final Map<String, Category> products = new LinkedHashMap<>();
    final List<Brand> brands = new ArrayList<>();
    final Map<String, String> ruleIdWhere = new HashMap<>();

    Loader(CatalogueFiles files) {
      this.files = files;
    }

    void load() {
      loadCategories();
      loadLaws();
      loadLexiconFiles();
      loadBrands();
      for (Map.Entry<String, String> f : files.rules().entrySet()) {
        String name = f.getKey();
        if (name.endsWith(".yaml") && !name.contains("/") && !RESERVED.contains(name)) {
          loadRuleFile("rules/" + name, f.getValue());
        }
      }
      if (rules.isEmpty() && problems.isEmpty()) {
        problems.add("rules/", "no rule files found");
      }
    }

    private Yaml parse(String name) {
      String content = files.rules().get(name);
      if (content == null) {
        problems.add("rules/" + name, "missing");
        return null;
      }
      return Yaml.parse("rules/" + name, content, problems);
    }

    private void loadCategories() {
      Yaml y = parse("categories.yaml");
      if (y == null) {
        return;
      }
      Map<String, Yaml> top = y.mapping(orderedSet("categories", "products"));
      readCategories(top.get("categories"), categories, y);
      readCategories(top.get("products"), products, y);
    }

    private void readCategories(Yaml list, Map<String, Category> into, Yaml file) {
      if (list == null) {
        file.problem("missing \"categories\" or \"products\"");
        return;
      }
      for (Yaml c : list.sequence()) {
        Map<String, Yaml> m = c.mapping(orderedSet("id", "zh", "en"));
        String id = Citations.requiredText(m, "id", c);
        String zh = Citations.requiredText(m, "zh", c);
        String en = Citations.requiredText(m, "en", c);
        if (id == null || zh == null || en == null) {
          continue;
        }
        if (into.putIfAbsent(id, new Category(id, zh, en)) != null) {
          c.problem("duplicate category \"" + id + "\"");
        }
      }
    }

    private void loadLaws() {
      Yaml y = parse("laws.yaml");
      if (y == null) {
        return;
      }
      Yaml list = y.mapping(orderedSet("laws")).get("laws");
      if (list == null) {
        y.problem("missing \"laws\"");
        return;
      }
      for (Yaml l : list.sequence()) {
        Map<String, Yaml> m = l.mapping(orderedSet("id", "title", "versions"));
        String id = Citations.requiredText(m, "id", l);
        String title = Citations.requiredText(m, "title", l);
        if (id == null || title == null || !m.containsKey("versions")) {
          if (!m.containsKey("versions")) {
            l.problem("missing \"versions\"");
          }
          continue;
        }
        List<Law.Version> versions = new ArrayList<>();
        for (Yaml v : m.get("versions").sequence()) {
          Map<String, Yaml> vm = v.mapping(orderedSet("version", "effective", "until", "source"));
          String label = Citations.requiredText(vm, "version", v);
          LocalDate effective = date(vm.get("effective"), v, "effective");
          LocalDate until = vm.containsKey("until") ? date(vm.get("until"), v, "until") : null;
          String source = Citations.requiredText(vm, "source", v);
          if (label == null || effective == null || source == null) {
            continue;
          }
          String markdown = files.laws().get(source);
          if (markdown == null) {
            vm.get("source").problem("statute text \"" + source + "\" not found in laws/");
            continue;
          }
          StatuteText text = StatuteText.parse(markdown);
          if (text.size() == 0) {
            vm.get("source").problem("no articles (第X条) found in \"" + source + "\"");
            continue;
          }
          if (!versions.isEmpty()) {
            Law.Version prev = versions.get(versions.size() - 1);
            if (!effective.isAfter(prev.effective())) {
              v.problem("versions must be in order of their effective dates");
            }
          }
          versions.add(new Law.Version(label, effective, until, source, text));
        }
        if (versions.isEmpty()) {
          l.problem("law \"" + id + "\" has no usable version");
          continue;
        }
        if (laws.putIfAbsent(id, new Law(id, title, List.copyOf(versions))) != null) {
          l.problem("duplicate law \"" + id + "\"");
        }
      }
    }

    private void loadLexiconFiles() {
      for (Map.Entry<String, String> f : files.rules().entrySet()) {
        String name = f.getKey();
        if (!name.startsWith("lexicon/") || !name.endsWith(".txt")) {
          continue;
        }
        String lexName = name.substring("lexicon/".length(), name.length() - ".txt".length());
        if (lexName.equals(BRANDS)) {
          problems.add("rules/" + name, "the name \"brands\" is reserved for brands.yaml");
          continue;
        }
        List<Term> terms = new ArrayList<>();
        String[] lines = f.getValue().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          String where = "rules/" + name + ":" + (i + 1);
          try {
            Term t = Term.parse(lines[i], where);
            if (t != null && checkForms(t, where)) {
              terms.add(t);
            }
          } catch (IllegalArgumentException e) {
            problems.add(where, e.getMessage());
          }
        }
        lexicons.put(lexName, new Lexicon(lexName, terms));
      }
      lexicons.putIfAbsent(GLOBAL_ALLOW, new Lexicon(GLOBAL_ALLOW, List.of()));
      lexicons.putIfAbsent(NEGATORS, new Lexicon(NEGATORS, List.of()));
      lexicons.putIfAbsent(NON_NEGATORS, new Lexicon(NON_NEGATORS, List.of()));
    }

    private boolean checkForms(Term t, String where) {
      for (String form : t.forms()) {
        if (Normalizer.normalizeTerm(form).isEmpty()) {
          problems.add(where, "\"" + form + "\" is empty after normalization (only punctuation?)");
          return false;
        }
      }
      return true;
    }

    private void loadBrands() {
      if (!files.rules().containsKey("brands.yaml")) {
        lexicons.put(BRANDS, new Lexicon(BRANDS, List.of()));
        return;
      }
      Yaml y = parse("brands.yaml");
      if (y == null) {
        return;
      }
      Yaml list = y.mapping(orderedSet("brands")).get("brands");
      if (list == null) {
        y.problem("missing \"brands\"");
        return;
      }
      Set<String> ids = new java.util.HashSet<>();
      List<Term> terms = new ArrayList<>();
      for (Yaml b : list.sequence()) {
        Map<String, Yaml> m =
            b.mapping(
                orderedSet(
                    "id",
                    "zh",
                    "en",
                    "aliases",
                    "ambiguous-aliases",
                    "category",
                    "reference-price",
                    "owner",
                    "note"));
        String id = Citations.requiredText(m, "id", b);
        if (id == null) {
          continue;
        }
        if (!ids.add(id)) {
          b.problem("duplicate brand id \"" + id + "\"");
          continue;
        }
        String zh = m.containsKey("zh") ? m.get("zh").text() : null;
        String en = m.containsKey("en") ? m.get("en").text() : null;
        if (zh == null && en == null) {
          b.problem("brand \"" + id + "\" needs a zh or an en name");
          continue;
        }
        List<String> aliases = m.containsKey("aliases") ? m.get("aliases").strings() : List.of();
        List<String> ambiguous =
            m.containsKey("ambiguous-aliases") ? m.get("ambiguous-aliases").strings() : List.of();
        String category = m.containsKey("category") ? m.get("category").text() : "other";
        BigDecimal price = null;
        if (m.containsKey("reference-price")) {
          String p = m.get("reference-price").text();
          try {
            price = new BigDecimal(p);
            if (price.signum() <= 0) {
              m.get("reference-price").problem("reference-price must be positive");
              price = null;
            }
          } catch (NumberFormatException | NullPointerException e) {
            m.get("reference-price").problem("reference-price is not a number: \"" + p + "\"");
          }
        }
        Brand brand = new Brand(id, zh, en, aliases, ambiguous, category, price, b.where());
        List<String> forms = new ArrayList<>(new LinkedHashSet<>(brand.names()));
        Term t = new Term(brand.displayName(), forms, null, b.where());
        if (checkForms(t, b.where())) {
          brands.add(brand);
          terms.add(t);
        }
      }
      lexicons.put(BRANDS, new Lexicon(BRANDS, terms));
    }

    private void loadRuleFile(String file, String content) {
      Yaml y = Yaml.parse(file, content, problems);
      if (y == null) {
        return;
      }
      Map<String, Yaml> top = y.mapping(orderedSet("category", "rules"));
      String category = Citations.requiredText(top, "category", y);
      if (category != null && !categories.containsKey(category)) {
        top.get("category").problem("unknown category \"" + category + "\" (see categories.yaml)");
      }
      Yaml list = top.get("rules");
      if (list == null) {
        y.problem("missing \"rules\"");
        return;
      }
      for (Yaml r : list.sequence()) {
        Rule rule = readRule(r, category);
        if (rule != null) {
          rules.add(rule);
        }
      }
    }

    private Rule readRule(Yaml r, String category) {
      Map<String, Yaml> m = r.mapping(RULE_KEYS);
      String id = Citations.requiredText(m, "id", r);
      if (id == null) {
        return null;
      }
      if (!RULE_ID.matcher(id).matches()) {
        m.get("id").problem("rule id \"" + id + "\" must match [A-Z0-9-]+ (2–64 characters)");
      }
      String previous = ruleIdWhere.putIfAbsent(id, r.where());
      if (previous != null) {
        m.get("id").problem("duplicate rule id \"" + id + "\" (first defined at " + previous + ")");
        return null;
      }
      String nameZh = null;
      String nameEn = null;
      if (m.containsKey("name")) {
        Map<String, Yaml> names = m.get("name").mapping(orderedSet("zh", "en"));
        nameZh = Citations.requiredText(names, "zh", m.get("name"));
        nameEn = Citations.requiredText(names, "en", m.get("name"));
      } else {
        r.problem("rule " + id + ": missing \"name\" {zh: …, en: …}");
      }
      Severity severity = null;
      if (m.containsKey("severity")) {
        try {
          severity = Severity.parse(m.get("severity").text());
        } catch (IllegalArgumentException e) {
          m.get("severity").problem(e.getMessage());
        }
      } else {
        r.problem("rule " + id + ": missing \"severity\"");
      }
      Rule.Kind kind = Rule.Kind.TERMS;
      if (m.containsKey("kind")) {
        String k = m.get("kind").text();
        if ("missing".equals(k)) {
          kind = Rule.Kind.MISSING;
        } else if (!"terms".equals(k)) {
          m.get("kind").problem("unknown kind \"" + k + "\" (expected terms or missing)");
        }
      }
      Set<Channel> channels = EnumSet.allOf(Channel.class);
      if (m.containsKey("channels")) {
        channels = EnumSet.noneOf(Channel.class);
        for (Yaml c : m.get("channels").sequence()) {
          try {
            channels.add(Channel.parse(c.text()));
          } catch (IllegalArgumentException e) {
            c.problem(e.getMessage());
          }
        }
      }
      Set<String> productSet = new LinkedHashSet<>();
      if (m.containsKey("products")) {
        for (Yaml p : m.get("products").sequence()) {
          String pid = p.text();
          if (pid != null && !products.containsKey(pid)) {
            p.problem("unknown product category \"" + pid + "\" (see categories.yaml)");
          } else if (pid != null) {
            productSet.add(pid);
          }
        }
      }
      boolean strict = m.containsKey("strict-products") && m.get("strict-products").bool(false);
      if (strict && productSet.isEmpty()) {
        m.get("strict-products").problem("strict-products needs a \"products\" list");
      }

      List<String> lexiconNames = new ArrayList<>();
      String inlineKey = kind == Rule.Kind.MISSING ? "required" : "terms";
      if (kind == Rule.Kind.MISSING && m.containsKey("terms")) {
        m.get("terms").problem("a rule of kind missing lists \"required\" phrases, not \"terms\"");
      }
      if (kind == Rule.Kind.TERMS && m.containsKey("required")) {
        m.get("required").problem("\"required\" belongs to rules of kind missing");
      }
      if (m.containsKey(inlineKey)) {
        String name = id + "#" + inlineKey;
        lexicons.put(name, inlineLexicon(name, m.get(inlineKey)));
        lexiconNames.add(name);
      }
      if (m.containsKey("lexicons")) {
        for (Yaml lx : m.get("lexicons").sequence()) {
          String name = lx.text();
          if (name != null && !lexicons.containsKey(name)) {
            lx.problem("unknown lexicon \"" + name + "\" (no rules/lexicon/" + name + ".txt)");
          } else if (name != null) {
            lexiconNames.add(name);
          }
        }
      }
      if (lexiconNames.isEmpty()) {
        r.problem("rule " + id + ": no terms (give \"" + inlineKey + "\" or \"lexicons\")");
      }
      List<String> allow = new ArrayList<>();
      if (m.containsKey("allow")) {
        String name = id + "#allow";
        lexicons.put(name, inlineLexicon(name, m.get("allow")));
        allow.add(name);
      }
      Rule.Near near = null;
      if (m.containsKey("near")) {
        near = readNear(id, m.get("near"));
      }
      if (kind == Rule.Kind.TERMS && near == null && lexiconNames.contains(BRANDS)) {
        r.problem(
            "rule "
                + id
                + ": the brand dictionary alone is no violation; add a \"near\" condition");
      }
      boolean negatable = m.containsKey("negatable") && m.get("negatable").bool(false);
      boolean segment = m.containsKey("segment") && m.get("segment").bool(false);

      List<Rule.ProvisionSpec> provisions = new ArrayList<>();
      if (m.containsKey("provisions")) {
        for (Yaml p : m.get("provisions").sequence()) {
          Rule.ProvisionSpec spec = readProvision(p);
          if (spec != null) {
            provisions.add(spec);
          }
        }
      }
      if (provisions.isEmpty()) {
        r.problem("rule " + id + ": at least one provision of law is required");
      }
      String suggestion = m.containsKey("suggestion") ? m.get("suggestion").text() : null;
      if (suggestion == null || suggestion.isBlank()) {
        r.problem("rule " + id + ": missing \"suggestion\" for the merchant");
      }
      String rewrite = m.containsKey("rewrite") ? m.get("rewrite").text() : "";
      if (rewrite == null) {
        rewrite = "";
      }

      List<Rule.Example> match = new ArrayList<>();
      List<Rule.Example> noMatch = new ArrayList<>();
      if (m.containsKey("examples")) {
        Map<String, Yaml> ex = m.get("examples").mapping(orderedSet("match", "no-match"));
        readExamples(ex.get("match"), match);
        readExamples(ex.get("no-match"), noMatch);
      }
      if (match.isEmpty() || noMatch.isEmpty()) {
        r.problem("rule " + id + ": examples need at least one \"match\" and one \"no-match\"");
      }
      if (category == null || severity == null || nameZh == null || nameEn == null) {
        return null;
      }
      return new Rule(
          id,
          nameZh,
          nameEn,
          category,
          severity,
          Collections.unmodifiableSet(channels),
          Collections.unmodifiableSet(productSet),
          strict,
          kind,
          List.copyOf(lexiconNames),
          List.copyOf(allow),
          negatable,
          segment,
          near,
          List.copyOf(provisions),
          suggestion,
          rewrite,
          List.copyOf(match),
          List.copyOf(noMatch),
          r.where());
    }

    private Lexicon inlineLexicon(String name, Yaml list) {
      List<Term> terms = new ArrayList<>();
      for (Yaml t : list.sequence()) {
        String s = t.text();
        if (s == null) {
          continue;
        }
        try {
          Term term = Term.parse(s, t.where());
          if (term == null) {
            t.problem("empty term");
          } else if (checkForms(term, t.where())) {
            terms.add(term);
          }
        } catch (IllegalArgumentException e) {
          t.problem(e.getMessage());
        }
      }
      return new Lexicon(name, terms);
    }

    private Rule.Near readNear(String id, Yaml y) {
      Map<String, Yaml> m = y.mapping(orderedSet("terms", "lexicons", "within", "cross-sentence"));
      List<String> names = new ArrayList<>();
      if (m.containsKey("terms")) {
        String name = id + "#near";
        lexicons.put(name, inlineLexicon(name, m.get("terms")));
        names.add(name);
      }
      if (m.containsKey("lexicons")) {
        for (Yaml lx : m.get("lexicons").sequence()) {
          String name = lx.text();
          if (name != null && !lexicons.containsKey(name)) {
            lx.problem("unknown lexicon \"" + name + "\"");
          } else if (name != null) {
            names.add(name);
          }
        }
      }
      if (names.isEmpty()) {
        y.problem("near needs \"terms\" or \"lexicons\"");
        return null;
      }
      int within = 20;
      if (m.containsKey("within")) {
        Integer w = m.get("within").positiveInt();
        if (w != null) {
          if (w > 500) {
            m.get("within").problem("within must be at most 500 characters");
          }
          within = w;
        }
      }
      boolean cross = m.containsKey("cross-sentence") && m.get("cross-sentence").bool(false);
      return new Rule.Near(List.copyOf(names), within, cross);
    }

    private Rule.ProvisionSpec readProvision(Yaml p) {
      Map<String, Yaml> m =
          p.mapping(orderedSet("law", "article", "paragraph", "item", "by-version"));
      String lawId = Citations.requiredText(m, "law", p);
      if (lawId == null) {
        return null;
      }
      Law law = laws.get(lawId);
      if (law == null) {
        m.get("law").problem("unknown law \"" + lawId + "\" (see laws.yaml)");
        return null;
      }
      if (m.containsKey("by-version")) {
        if (m.containsKey("article")) {
          p.problem("give either article or by-version, not both");
          return null;
        }
        Map<String, Yaml> byVersion = m.get("by-version").mapping(null);
        Map<String, Rule.ArticleRef> refs = new LinkedHashMap<>();
        for (Law.Version v : law.versions()) {
          Yaml ref = byVersion.get(v.version());
          if (ref == null) {
            m.get("by-version").problem("no article for version " + v.version() + " of " + lawId);
            continue;
          }
          Rule.ArticleRef a =
              Citations.readRef(ref, ref.mapping(orderedSet("article", "paragraph", "item")));
          if (a != null && Citations.checkArticle(ref, law, v, a)) {
            refs.put(v.version(), a);
          }
        }
        for (String label : byVersion.keySet()) {
          if (law.versions().stream().noneMatch(v -> v.version().equals(label))) {
            byVersion.get(label).problem(lawId + " has no version \"" + label + "\"");
          }
        }
        return refs.size() == law.versions().size()
            ? new Rule.ProvisionSpec(lawId, null, Map.copyOf(refs))
            : null;
      }
      if (law.isVersioned()) {
        p.problem(
            lawId
                + " was renumbered (versions "
                + String.join(", ", law.versions().stream().map(Law.Version::version).toList())
                + "): cite it with by-version");
        return null;
      }
      Rule.ArticleRef a = Citations.readRef(p, m);
      if (a == null || !Citations.checkArticle(p, law, law.versions().get(0), a)) {
        return null;
      }
      return new Rule.ProvisionSpec(lawId, a, Map.of());
    }

    private void readExamples(Yaml list, List<Rule.Example> into) {
      if (list == null) {
        return;
      }
      for (Yaml e : list.sequence()) {
        if (e.isScalar()) {
          into.add(new Rule.Example(e.text(), null, null, e.where()));
          continue;
        }
        Map<String, Yaml> m = e.mapping(orderedSet("text", "channel", "product"));
        String text = Citations.requiredText(m, "text", e);
        Channel channel = null;
        if (m.containsKey("channel")) {
          try {
            channel = Channel.parse(m.get("channel").text());
          } catch (IllegalArgumentException ex) {
            m.get("channel").problem(ex.getMessage());
          }
        }
        String product = m.containsKey("product") ? m.get("product").text() : null;
        if (product != null && !products.containsKey(product)) {
          m.get("product").problem("unknown product category \"" + product + "\"");
        }
        if (text != null) {
          into.add(new Rule.Example(text, channel, product, e.where()));
        }
      }
    }

    private static LocalDate date(Yaml y, Yaml owner, String key) {
      if (y == null) {
        owner.problem("missing \"" + key + "\"");
        return null;
      }
      String s = y.text();
      try {
        return LocalDate.parse(s);
      } catch (DateTimeParseException | NullPointerException e) {
        y.problem("\"" + key + "\" is not a date (YYYY-MM-DD): \"" + s + "\"");
        return null;
      }
    }
  }
}
