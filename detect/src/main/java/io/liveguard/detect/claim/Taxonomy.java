package io.liveguard.detect.claim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The synonym taxonomy of claims that can be checked against a listing: dimensions (material, metal
 * purity, pearl type, origin, licence class) and their values with every spelling, loaded from
 * {@code taxonomy.yaml}. Immutable and thread-safe.
 */
public final class Taxonomy {

  /**
   * One value of a dimension.
   *
   * @param id canonical name, shown in evidence
   * @param names spellings recognized anywhere, folded to lower case
   * @param listingNames spellings recognized only in listing attributes
   * @param families families whose values exclude each other; empty if none
   * @param rank rank within the family, or -1
   * @param contradicts ids that contradict this value outright; if non-empty, only these do
   * @param categories product categories that carry this value (licence classes)
   * @param regulated whether it is a regulated class
   */
  public record Value(
      String id,
      List<String> names,
      List<String> listingNames,
      Set<String> families,
      int rank,
      Set<String> contradicts,
      Set<String> categories,
      boolean regulated) {

    // values are compared by identity: each exists once in its taxonomy
    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  /**
   * One dimension.
   *
   * @param id identifier ({@code material})
   * @param zh Chinese label
   * @param rule the model rule a contradiction raises
   * @param multi whether a listing may state several values (a blend)
   * @param listingKeys fragments of attribute names that state this dimension
   * @param values the values
   */
  public record Dimension(
      String id,
      String zh,
      String rule,
      boolean multi,
      List<String> listingKeys,
      List<Value> values) {

    /** Whether the listing attribute {@code key} states this dimension. */
    public boolean statedBy(String key) {
      for (String k : listingKeys) {
        if (key.contains(k)) {
          return true;
        }
      }
      return false;
    }

    /** The value with this id, or null. */
    public Value value(String id) {
      for (Value v : values) {
        if (v.id().equals(id)) {
          return v;
        }
      }
      return null;
    }
  }

  /** A spelling of a value, for longest-first matching. */
  record Spelling(String text, Dimension dimension, Value value, boolean listingOnly) {}

  private final List<Dimension> dimensions;
  private final List<Spelling> spellings;

  private Taxonomy(List<Dimension> dimensions) {
    this.dimensions = List.copyOf(dimensions);
    List<Spelling> s = new ArrayList<>();
    for (Dimension d : dimensions) {
      for (Value v : d.values()) {
        v.names().forEach(n -> s.add(new Spelling(n, d, v, false)));
        v.listingNames().forEach(n -> s.add(new Spelling(n, d, v, true)));
      }
    }
    s.sort(Comparator.comparingInt((Spelling x) -> -x.text().length()));
    this.spellings = List.copyOf(s);
  }

  /** The taxonomy bundled in this jar. */
  public static Taxonomy bundled() {
    return Bundled.INSTANCE;
  }

  /**
   * Parses a taxonomy file.
   *
   * @throws IllegalArgumentException naming the dimension or value that is malformed
   */
  public static Taxonomy parse(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    Object root = new Yaml(new SafeConstructor(options)).load(yaml);
    List<Dimension> dims = new ArrayList<>();
    for (Object o : list(map(root, "taxonomy").get("dimensions"), "dimensions")) {
      Map<String, Object> d = map(o, "dimension");
      String id = string(d, "id", "dimension");
      List<Value> values = new ArrayList<>();
      for (Object vo : list(d.get("values"), "dimension " + id + " values")) {
        Map<String, Object> v = map(vo, "value of " + id);
        String vid = string(v, "id", "value of " + id);
        String where = "value " + vid + " of " + id;
        Object rank = v.get("rank");
        values.add(
            new Value(
                vid,
                lower(strings(v.get("names"), where)),
                lower(strings(v.get("listing-names"), where)),
                Set.copyOf(strings(v.get("family"), where)),
                rank == null ? -1 : (Integer) rank,
                Set.copyOf(strings(v.get("contradicts"), where)),
                Set.copyOf(strings(v.get("categories"), where)),
                Boolean.TRUE.equals(v.get("regulated"))));
      }
      for (Value v : values) {
        for (String c : v.contradicts()) {
          if (values.stream().noneMatch(x -> x.id().equals(c))) {
            throw new IllegalArgumentException(
                "taxonomy: value " + v.id() + " of " + id + " contradicts unknown value " + c);
          }
        }
      }
      dims.add(
          new Dimension(
              id,
              string(d, "zh", "dimension " + id),
              d.containsKey("rule") ? (String) d.get("rule") : "XC-CLAIM-LISTING",
              Boolean.TRUE.equals(d.get("multi")),
              strings(d.get("listing-keys"), "dimension " + id),
              List.copyOf(values)));
    }
    return new Taxonomy(dims);
  }

  /** The dimensions in file order. */
  public List<Dimension> dimensions() {
    return dimensions;
  }

  /** Spellings, longest first. */
  List<Spelling> spellings() {
    return spellings;
  }

  /** The rule ids contradictions may raise. */
  public Set<String> rules() {
    Set<String> out = new java.util.TreeSet<>();
    dimensions.forEach(d -> out.add(d.rule()));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    if (!(o instanceof Map)) {
      throw new IllegalArgumentException("taxonomy: " + what + " must be a mapping");
    }
    return new LinkedHashMap<>((Map<String, Object>) o);
  }

  private static List<?> list(Object o, String what) {
    if (!(o instanceof List<?> l)) {
      throw new IllegalArgumentException("taxonomy: " + what + " must be a list");
    }
    return l;
  }

  private static String string(Map<String, Object> m, String key, String what) {
    Object v = m.get(key);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException("taxonomy: " + what + " needs a \"" + key + "\"");
    }
    return s;
  }

  private static List<String> strings(Object o, String what) {
    if (o == null) {
      return List.of();
    }
    if (o instanceof String s) {
      return List.of(s);
    }
    List<String> out = new ArrayList<>();
    for (Object x : list(o, what)) {
      if (x == null) {
        throw new IllegalArgumentException("taxonomy: empty entry in " + what);
      }
      out.add(String.valueOf(x));
    }
    return List.copyOf(out);
  }

  private static List<String> lower(List<String> in) {
    return in.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
  }

  private static final class Bundled {
    static final Taxonomy INSTANCE = load();

    private static Taxonomy load() {
      try (InputStream in = Taxonomy.class.getResourceAsStream("taxonomy.yaml")) {
        if (in == null) {
          throw new IllegalStateException("claim/taxonomy.yaml is missing from the class path");
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read claim/taxonomy.yaml: " + e.getMessage(), e);
      }
    }

    private Bundled() {}
  }
}
