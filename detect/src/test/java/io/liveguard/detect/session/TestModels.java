package io.liveguard.detect.session;

import io.liveguard.detect.Detector;
import io.liveguard.detect.claim.Taxonomy;
import io.liveguard.detect.counterfeit.AuthorisedSellers;
import io.liveguard.detect.counterfeit.CounterfeitModel;
import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.rule.Brand;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.ModelRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Shared set-up for session tests: bundled model rules, the test brand file, fixture reading. */
final class TestModels {

  static final ModelRules RULES = rules();
  static final List<Brand> BRANDS = brands();

  private TestModels() {}

  private static ModelRules rules() {
    try {
      return ModelRules.bundled(Detector.bundled().catalogue());
    } catch (CatalogueException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The brands of {@code sessions/brands.yaml}, a small test dictionary in the real format. */
  @SuppressWarnings("unchecked")
  private static List<Brand> brands() {
    try (InputStream in = TestModels.class.getResourceAsStream("/sessions/brands.yaml")) {
      Map<String, Object> root = new Yaml().load(in);
      List<Brand> out = new ArrayList<>();
      for (Map<String, Object> b : (List<Map<String, Object>>) root.get("brands")) {
        Object price = b.get("reference-price");
        out.add(
            new Brand(
                (String) b.get("id"),
                (String) b.get("zh"),
                (String) b.get("en"),
                (List<String>) b.getOrDefault("aliases", List.of()),
                (List<String>) b.getOrDefault("ambiguous-aliases", List.of()),
                (String) b.get("category"),
                price == null ? null : new BigDecimal(price.toString()),
                "sessions/brands.yaml"));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An analyzer of the session models only (no lexicon), with the test brands. */
  static SessionAnalyzer analyzer(AuthorisedSellers sellers) {
    return new SessionAnalyzer(
        null, RULES, Taxonomy.bundled(), new CounterfeitModel(BRANDS, sellers));
  }

  /** Events and rejected lines of a fixture. */
  record Fixture(List<Event> events, List<String> rejected) {}

  static Fixture read(String resource) {
    List<Event> events = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    try (InputStream in = TestModels.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + resource);
      }
      EventJson.readJsonl(
          new InputStreamReader(in, StandardCharsets.UTF_8),
          new EventJson.LineSink() {
            @Override
            public void accept(int line, Event event) {
              events.add(event);
            }

            @Override
            public void reject(int line, String message) {
              rejected.add("line " + line + ": " + message);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Fixture(events, rejected);
  }

  /** Runs events through an analyzer; findings in order. */
  static List<SessionFinding> run(SessionAnalyzer a, List<Event> events) {
    List<SessionFinding> out = new ArrayList<>();
    for (Event e : events) {
      out.addAll(a.accept(e));
    }
    out.addAll(a.flush());
    return out;
  }
}
