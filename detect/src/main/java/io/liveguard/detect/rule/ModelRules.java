package io.liveguard.detect.rule;

import io.liveguard.detect.Provision;
import io.liveguard.detect.Severity;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of the session models, loaded from {@code rules/models.yaml} and validated against a
 * loaded {@link Catalogue}: known categories and laws, articles that exist in the statute text of
 * every version cited, ids unique and not shared with lexicon rules, and every id the models need
 * present. Immutable and thread-safe.
 */
public final class ModelRules {

  /** The models that may raise rules. */
  public static final Set<String> MODELS = Set.of("claim", "price", "counterfeit", "pk");

  private static final Pattern ID = Pattern.compile("[A-Z0-9][A-Z0-9-]{1,63}");

  private final Catalogue catalogue;
  private final Map<String, ModelRule> rules;

  private ModelRules(Catalogue catalogue, Map<String, ModelRule> rules) {
    this.catalogue = catalogue;
    this.rules = Collections.unmodifiableMap(rules);
  }

  /** The model rules bundled in this jar, checked against the bundled catalogue. */
  public static ModelRules bundled(Catalogue catalogue) throws CatalogueException {
    return load(CatalogueFiles.bundled(), catalogue, Set.of());
  }

  /**
   * Loads {@code models.yaml} from {@code files}.
   *
   * @param required rule ids the caller's models raise; each must be defined
   * @throws CatalogueException listing every problem as {@code rules/models.yaml:LINE: message}
   */
  public static ModelRules load(CatalogueFiles files, Catalogue catalogue, Set<String> required)
      throws CatalogueException {
    Problems problems = new Problems();
    Map<String, ModelRule> out = new LinkedHashMap<>();
    String content = files.rules().get("models.yaml");
    if (content == null) {
      problems.add("rules/models.yaml", "missing");
      problems.throwIfAny();
    }
    Yaml y = Yaml.parse("rules/models.yaml", content, problems);
    if (y != null) {
      Yaml list = y.mapping(Set.of("rules")).get("rules");
      if (list == null) {
        y.problem("missing \"rules\"");
      } else {
        for (Yaml r : list.sequence()) {
          ModelRule rule = read(r, catalogue);
          if (rule == null) {
            continue;
          }
          if (catalogue.rule(rule.id()) != null) {
            r.problem("rule id " + rule.id() + " is already used by a lexicon rule");
          } else if (out.putIfAbsent(rule.id(), rule) != null) {
            r.problem("duplicate rule id " + rule.id());
          }
        }
      }
    }
    for (String id : required) {
      if (!out.containsKey(id) && problems.isEmpty()) {
        problems.add("rules/models.yaml", "rule " + id + " is raised by a model but not defined");
      }
    }
    problems.throwIfAny();
    return new ModelRules(catalogue, out);
  }

  private static ModelRule read(Yaml r, Catalogue catalogue) {
    Map<String, Yaml> m =
        r.mapping(
            new LinkedHashSet<>(
                List.of(
                    "id", "model", "name", "category", "severity", "provisions", "suggestion")));
    String id = Citations.requiredText(m, "id", r);
    if (id != null && !ID.matcher(id).matches()) {
      m.get("id").problem("rule id must match [A-Z0-9-]+, was \"" + id + "\"");
      id = null;
    }
    String model = Citations.requiredText(m, "model", r);
    if (model != null && !MODELS.contains(model)) {
      m.get("model").problem("unknown model \"" + model + "\" (expected " + MODELS + ")");
      model = null;
    }
    String zh = null;
    String en = null;
    if (m.containsKey("name")) {
      Map<String, Yaml> name = m.get("name").mapping(Set.of("zh", "en"));
      zh = Citations.requiredText(name, "zh", m.get("name"));
      en = Citations.requiredText(name, "en", m.get("name"));
    } else {
      r.problem("missing \"name\"");
    }
    String category = Citations.requiredText(m, "category", r);
    if (category != null && !catalogue.categories().containsKey(category)) {
      m.get("category").problem("unknown category \"" + category + "\" (see categories.yaml)");
      category = null;
    }
    Severity severity = null;
    String s = Citations.requiredText(m, "severity", r);
    if (s != null) {
      try {
        severity = Severity.parse(s);
      } catch (IllegalArgumentException e) {
        m.get("severity").problem(e.getMessage());
      }
    }
    List<Rule.ProvisionSpec> provisions = new ArrayList<>();
    if (m.containsKey("provisions")) {
      for (Yaml p : m.get("provisions").sequence()) {
        Rule.ProvisionSpec spec = provision(p, catalogue);
        if (spec != null) {
          provisions.add(spec);
        }
      }
    }
    if (provisions.isEmpty()) {
      r.problem("rule " + id + ": at least one provision of law is required");
      return null;
    }
    String suggestion = Citations.requiredText(m, "suggestion", r);
    if (id == null
        || model == null
        || zh == null
        || en == null
        || category == null
        || severity == null
        || suggestion == null) {
      return null;
    }
    return new ModelRule(
        id, model, zh, en, category, severity, List.copyOf(provisions), suggestion, r.where());
  }

  private static Rule.ProvisionSpec provision(Yaml p, Catalogue catalogue) {
    Map<String, Yaml> m =
        p.mapping(
            new LinkedHashSet<>(List.of("law", "article", "paragraph", "item", "by-version")));
    String lawId = Citations.requiredText(m, "law", p);
    if (lawId == null) {
      return null;
    }
    Law law = catalogue.laws().get(lawId);
    if (law == null) {
      m.get("law").problem("unknown law \"" + lawId + "\" (see laws.yaml)");
      return null;
    }
    if (m.containsKey("by-version")) {
      Map<String, Yaml> byVersion = m.get("by-version").mapping(null);
      Map<String, Rule.ArticleRef> refs = new LinkedHashMap<>();
      for (Law.Version v : law.versions()) {
        Yaml ref = byVersion.get(v.version());
        if (ref == null) {
          m.get("by-version").problem("no article for version " + v.version() + " of " + lawId);
          continue;
        }
        Rule.ArticleRef a =
            Citations.readRef(
                ref, ref.mapping(new LinkedHashSet<>(List.of("article", "paragraph", "item"))));
        if (a != null && Citations.checkArticle(ref, law, v, a)) {
          refs.put(v.version(), a);
        }
      }
      return refs.size() == law.versions().size()
          ? new Rule.ProvisionSpec(lawId, null, Map.copyOf(refs))
          : null;
    }
    if (law.isVersioned()) {
      p.problem(lawId + " was renumbered: cite it with by-version");
      return null;
    }
    Rule.ArticleRef a = Citations.readRef(p, m);
    if (a == null || !Citations.checkArticle(p, law, law.versions().get(0), a)) {
      return null;
    }
    return new Rule.ProvisionSpec(lawId, a, Map.of());
  }

  /** The rule with this id. */
  public ModelRule rule(String id) {
    ModelRule r = rules.get(id);
    if (r == null) {
      throw new IllegalArgumentException("no model rule \"" + id + "\" in models.yaml");
    }
    return r;
  }

  /** All model rules by id, in file order. */
  public Map<String, ModelRule> rules() {
    return rules;
  }

  /** The rule's provisions resolved for the conduct date. */
  public List<Provision> provisions(ModelRule rule, LocalDate conductDate) {
    List<Provision> out = new ArrayList<>();
    for (Rule.ProvisionSpec spec : rule.provisions()) {
      out.add(catalogue.resolve(spec, conductDate));
    }
    return List.copyOf(out);
  }

  /** The catalogue these rules were checked against. */
  public Catalogue catalogue() {
    return catalogue;
  }
}
