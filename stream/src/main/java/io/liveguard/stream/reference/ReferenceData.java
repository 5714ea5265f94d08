package io.liveguard.stream.reference;

import io.liveguard.detect.Detector;
import io.liveguard.detect.counterfeit.AuthorisedSellers;
import io.liveguard.detect.counterfeit.CounterfeitModel;
import io.liveguard.detect.lexicon.Term;
import io.liveguard.detect.rule.Catalogue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's reference data in the form the room analysis uses it: the authorised-seller
 * register (kind {@value #SELLERS}) as a {@link CounterfeitModel}, and the console's rule overlay
 * (kind {@value #RULES}) as the {@link Detector} in force. Immutable and thread-safe; built once
 * per change on each subtask, then handed to every room's analyzer.
 *
 * <p>The data of each kind is the JSON object of the reference topic (docs/stream.md):
 *
 * <ul>
 *   <li>{@value #SELLERS}: {@code {"brands":{"chanel":["上海香奈儿授权专卖店",…],…}}} — per brand id of the
 *       brand dictionary, the shops authorised for it; a brand absent is unknown to the register
 *       (the model then says nothing about the shop), a brand with an empty list has no authorised
 *       seller.
 *   <li>{@value #RULES}: {@code {"version":12,"disabled":["R1"],"terms":{"R2":["词"]},
 *       "allow":{"R3":["短语"]}}} — the overlay of the platform's rule book over the bundled
 *       catalogue, applied exactly as the platform applies it.
 * </ul>
 */
public final class ReferenceData {

  /** Kind of the authorised-seller register. */
  public static final String SELLERS = "authorised-sellers";

  /** Kind of the rule overlay. */
  public static final String RULES = "rules";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** No reference data: the bundled catalogue, and a register that knows no brand. */
  public static final ReferenceData NONE = new ReferenceData(Map.of(), null);

  private final Map<String, Set<String>> shopsByBrand;
  private final Overlay overlay;
  private final Detector detector;
  private final CounterfeitModel counterfeit;

  private ReferenceData(Map<String, Set<String>> shopsByBrand, Overlay overlay) {
    this.shopsByBrand = shopsByBrand;
    this.overlay = overlay;
    Detector bundled = Detector.bundled();
    this.detector = overlay == null || overlay.empty() ? bundled : overlay.detector(bundled);
    Map<String, Set<String>> shops = shopsByBrand;
    AuthorisedSellers sellers =
        shops.isEmpty()
            ? AuthorisedSellers.UNKNOWN
            : (brand, shop) -> {
              Set<String> s = shops.get(brand);
              // as the platform's register: the listing's shop name without surrounding blanks
              return s == null ? null : shop != null && s.contains(shop.strip());
            };
    this.counterfeit = new CounterfeitModel(bundled.catalogue().brands(), sellers);
  }

  /**
   * The reference data of the latest record of each kind ({@code kind → data JSON}); kinds this job
   * does not know are ignored.
   *
   * @throws IllegalArgumentException naming the kind and field if a known kind's data is malformed
   */
  public static ReferenceData of(Map<String, String> dataByKind) {
    Map<String, Set<String>> sellers =
        dataByKind.get(SELLERS) == null ? Map.of() : sellers(dataByKind.get(SELLERS));
    Overlay overlay = dataByKind.get(RULES) == null ? null : Overlay.parse(dataByKind.get(RULES));
    return new ReferenceData(sellers, overlay);
  }

  /** Checks one record's data without building anything heavy (the detector). */
  public static void check(String kind, String data) {
    if (data == null) {
      return;
    }
    if (kind.equals(SELLERS)) {
      sellers(data);
    } else if (kind.equals(RULES)) {
      Overlay.parse(data);
    }
  }

  /** The lexicon engine in force: the bundled catalogue with the rule overlay applied. */
  public Detector detector() {
    return detector;
  }

  /** The counterfeit model over the bundled brand dictionary and the register. */
  public CounterfeitModel counterfeit() {
    return counterfeit;
  }

  /** The register: brand id → authorised shops (unmodifiable). */
  public Map<String, Set<String>> shopsByBrand() {
    return shopsByBrand;
  }

  /**
   * The ids of the rules the console disabled, lexicon and model rules alike (the detector leaves
   * out the former; the analyzers silence the latter).
   */
  public Set<String> disabled() {
    return overlay == null ? Set.of() : overlay.disabled();
  }

  /** The rule overlay's version, 0 for the bundled catalogue. */
  public long rulesVersion() {
    return overlay == null ? 0 : overlay.version();
  }

  /** The data of the register, as published ({@value #SELLERS}). */
  public static String sellersJson(Map<String, ? extends java.util.Collection<String>> shops) {
    Map<String, List<String>> sorted = new java.util.TreeMap<>();
    shops.forEach((b, s) -> sorted.put(b, s.stream().sorted().toList()));
    return JSON.writeValueAsString(Map.of("brands", sorted));
  }

  /** The data of a rule overlay, as published ({@value #RULES}). */
  public static String rulesJson(
      long version,
      Set<String> disabled,
      Map<String, List<String>> terms,
      Map<String, List<String>> allow) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("version", version);
    m.put("disabled", new ArrayList<>(disabled));
    m.put("terms", terms);
    m.put("allow", allow);
    return JSON.writeValueAsString(m);
  }

  private static Map<String, Set<String>> sellers(String data) {
    JsonNode n = tree(SELLERS, data);
    JsonNode brands = n.get("brands");
    if (brands == null || !brands.isObject()) {
      throw new IllegalArgumentException(
          "reference \"" + SELLERS + "\": field \"brands\" must be an object of brand → shops");
    }
    Map<String, Set<String>> out = new HashMap<>();
    for (var e : brands.properties()) {
      if (!e.getValue().isArray()) {
        throw new IllegalArgumentException(
            "reference \""
                + SELLERS
                + "\": field \"brands."
                + e.getKey()
                + "\" must be an array of shop names");
      }
      Set<String> shops = new HashSet<>();
      for (JsonNode s : e.getValue()) {
        if (!s.isString()) {
          throw new IllegalArgumentException(
              "reference \""
                  + SELLERS
                  + "\": field \"brands."
                  + e.getKey()
                  + "\" holds a non-string");
        }
        shops.add(s.stringValue());
      }
      out.put(e.getKey(), Set.copyOf(shops));
    }
    return Map.copyOf(out);
  }

  private static JsonNode tree(String kind, String data) {
    JsonNode n;
    try {
      n = JSON.readTree(data);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "reference \"" + kind + "\": data is not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("reference \"" + kind + "\": data must be a JSON object");
    }
    return n;
  }

  /** The console's changes over the bundled catalogue, as the platform's rule book keeps them. */
  record Overlay(
      long version,
      Set<String> disabled,
      Map<String, List<String>> terms,
      Map<String, List<String>> allow) {

    boolean empty() {
      return disabled.isEmpty() && terms.isEmpty() && allow.isEmpty();
    }

    /**
     * The detector of the bundled catalogue amended by the overlay, built as the platform's rule
     * book builds it (each added phrase a term of its own, in the order added).
     */
    Detector detector(Detector bundled) {
      Catalogue base = bundled.catalogue();
      Set<String> known = new LinkedHashSet<>();
      for (String id : disabled) {
        if (base.rule(id) != null) {
          known.add(id);
        }
      }
      return Detector.of(base.amend(known, asTerms(base, terms), asTerms(base, allow)));
    }

    private static Map<String, List<Term>> asTerms(Catalogue base, Map<String, List<String>> m) {
      Map<String, List<Term>> out = new LinkedHashMap<>();
      m.forEach(
          (rule, list) -> {
            if (base.rule(rule) != null) { // a rule dropped from this build's catalogue
              out.put(
                  rule,
                  list.stream()
                      .map(s -> new Term(s, List.of(s), null, "rule_change:" + rule))
                      .toList());
            }
          });
      return out;
    }

    static Overlay parse(String data) {
      JsonNode n = tree(RULES, data);
      long version = n.path("version").asLong(0);
      Set<String> disabled = new LinkedHashSet<>();
      JsonNode d = n.get("disabled");
      if (d != null && !d.isNull()) {
        if (!d.isArray()) {
          throw new IllegalArgumentException(
              "reference \"" + RULES + "\": field \"disabled\" must be an array of rule ids");
        }
        d.forEach(x -> disabled.add(x.asString()));
      }
      return new Overlay(version, Set.copyOf(disabled), phrases(n, "terms"), phrases(n, "allow"));
    }

    private static Map<String, List<String>> phrases(JsonNode n, String field) {
      Map<String, List<String>> out = new LinkedHashMap<>();
      JsonNode m = n.get(field);
      if (m == null || m.isNull()) {
        return out;
      }
      if (!m.isObject()) {
        throw new IllegalArgumentException(
            "reference \""
                + RULES
                + "\": field \""
                + field
                + "\" must be an object of rule → phrases");
      }
      for (var e : m.properties()) {
        if (!e.getValue().isArray()) {
          throw new IllegalArgumentException(
              "reference \""
                  + RULES
                  + "\": field \""
                  + field
                  + "."
                  + e.getKey()
                  + "\" must be an array of phrases");
        }
        List<String> list = new ArrayList<>();
        e.getValue().forEach(x -> list.add(x.asString()));
        out.put(e.getKey(), List.copyOf(list));
      }
      return out;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReferenceData r
        && shopsByBrand.equals(r.shopsByBrand)
        && Objects.equals(overlay, r.overlay);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shopsByBrand, overlay);
  }
}
