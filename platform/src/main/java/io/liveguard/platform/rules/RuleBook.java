package io.liveguard.platform.rules;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.detect.claim.Taxonomy;
import io.liveguard.detect.lexicon.Term;
import io.liveguard.detect.rule.Catalogue;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.CatalogueFiles;
import io.liveguard.detect.rule.ModelRule;
import io.liveguard.detect.rule.ModelRules;
import io.liveguard.detect.rule.Rule;
import io.liveguard.detect.session.SessionAnalyzer;
import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The live rule catalogue: the catalogue bundled with the detect module plus the overlay of changes
 * made in the console (rules disabled, terms and allow-phrases added), each change a versioned row
 * of {@code rule_change} and an audit entry. A change takes effect without a restart: the detector
 * is rebuilt from the base catalogue and the whole overlay, checked against every enabled rule's
 * own examples, and swapped atomically; {@link RulesChanged} tells the live analysis.
 *
 * <p>The rules the session models raise ({@code models.yaml}: claim vs listing, price, counterfeit
 * cues, PK) are in the book too. They have no terms, so they can only be disabled and enabled; the
 * live analysis silences a disabled one ({@link #disabled()}).
 *
 * <p>Thread-safe: readers see one consistent detector; changes are serialized. One process: with
 * several nodes each would pick up others' changes only on restart (not handled yet).
 */
@Service
public class RuleBook {
  /** Longest term or allow-phrase accepted, in characters. */
  static final int MAX_TERM = 100;

  /** Longest reason accepted, in characters. */
  static final int MAX_REASON = 2000;

  /** What a change does. */
  public enum Action {
    DISABLE,
    ENABLE,
    ADD_TERM,
    ADD_ALLOW;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code disable}, {@code add-term}, {@code add_term} …; null if unknown. */
    public static Action parse(String s) {
      if (s == null) {
        return null;
      }
      String n = s.strip().toLowerCase(Locale.ROOT).replace('-', '_');
      for (Action a : values()) {
        if (a.id().equals(n)) {
          return a;
        }
      }
      return null;
    }
  }

  /** One versioned change. */
  public record Change(
      long version,
      String rule,
      String action,
      String term,
      String reason,
      String actor,
      Instant at) {

    /** When, in China time ({@code yyyy-MM-dd HH:mm:ss}), for the console. */
    public String localTime() {
      return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
          .format(at.atZone(Detector.CHINA));
    }
  }

  /** An example that a change would break: the rule, which list, the sentence and where it is. */
  public record BrokenExample(String rule, boolean mustMatch, String text, String where) {}

  /** The detector in force and the overlay it was built from. */
  record State(
      Detector detector,
      long version,
      Set<String> disabled,
      Map<String, List<String>> terms,
      Map<String, List<String>> allow) {}

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final AuditTrail audit;
  private final InstantSource clock;
  private final ApplicationEventPublisher events;
  private final Catalogue base;
  private final ModelRules models;
  private final AtomicReference<State> state = new AtomicReference<>();

  RuleBook(
      JdbcClient jdbc,
      TransactionTemplate tx,
      AuditTrail audit,
      InstantSource clock,
      ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.audit = audit;
    this.clock = clock;
    this.events = events;
    this.base = Detector.bundled().catalogue();
    try {
      this.models =
          ModelRules.load(
              CatalogueFiles.bundled(), base, SessionAnalyzer.requiredRules(Taxonomy.bundled()));
    } catch (CatalogueException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    List<Change> all = changes(null);
    State s = build(all);
    state.set(s);
  }

  /** Published after a change is committed and its detector is in force. */
  public record RulesChanged(long version) {}

  /** The detector in force (base catalogue plus overlay). */
  public Detector detector() {
    return state.get().detector();
  }

  /** The overlay version in force: the latest change, 0 for the bundled catalogue. */
  public long version() {
    return state.get().version();
  }

  /** The bundled catalogue, every rule included (disabled ones too). */
  public Catalogue base() {
    return base;
  }

  /** The rules the session models raise, as bundled. */
  public ModelRules models() {
    return models;
  }

  /** The model rule of this id, or null if it is a lexicon rule or unknown. */
  public ModelRule model(String id) {
    return id == null ? null : models.rules().get(id);
  }

  public boolean enabled(String rule) {
    return !state.get().disabled().contains(rule);
  }

  /** The ids of the rules disabled now, lexicon and model rules alike. */
  public Set<String> disabled() {
    return state.get().disabled();
  }

  /** Terms added in the console to a rule, in order. */
  public List<String> addedTerms(String rule) {
    return state.get().terms().getOrDefault(rule, List.of());
  }

  /** Allow-phrases added in the console to a rule, in order. */
  public List<String> addedAllow(String rule) {
    return state.get().allow().getOrDefault(rule, List.of());
  }

  /** Changes, newest first; of one rule, or all when {@code rule} is null. */
  public List<Change> changes(String rule) {
    String sql =
        "SELECT version, rule, action, term, reason, actor, at FROM rule_change"
            + (rule == null ? "" : " WHERE rule = ?")
            + " ORDER BY version DESC";
    var q = jdbc.sql(sql);
    if (rule != null) {
      q = q.param(rule);
    }
    return q.query(
            (rs, i) ->
                new Change(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getObject(7, OffsetDateTime.class).toInstant()))
        .list();
  }

  /**
   * Applies one change: validated, checked against every enabled rule's examples, stored and
   * audited in one transaction, then put in force.
   *
   * @throws ApiException 400 for bad input, 404 for an unknown rule, 409 for a change that changes
   *     nothing, 422 naming the examples the change would break
   */
  public synchronized Change apply(
      Actor actor, String rule, String actionId, String term, String reason) {
    if (base.rule(rule) == null && model(rule) == null) {
      throw ApiException.notFound("rule", rule);
    }
    Action action = Action.parse(actionId);
    if (action == null) {
      throw ApiException.badRequest("rule-change-action", String.valueOf(actionId));
    }
    if (model(rule) != null && (action == Action.ADD_TERM || action == Action.ADD_ALLOW)) {
      throw ApiException.badRequest("rule-model-terms", rule);
    }
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty() || why.length() > MAX_REASON) {
      throw ApiException.badRequest("rule-change-reason", MAX_REASON);
    }
    String t = null;
    State now = state.get();
    switch (action) {
      case DISABLE -> {
        if (now.disabled().contains(rule)) {
          throw ApiException.conflict("rule-already-disabled", rule);
        }
      }
      case ENABLE -> {
        if (!now.disabled().contains(rule)) {
          throw ApiException.conflict("rule-already-enabled", rule);
        }
      }
      case ADD_TERM, ADD_ALLOW -> {
        t = term == null ? "" : term.strip();
        if (t.isEmpty()
            || t.length() > MAX_TERM
            || t.contains("\n")
            || t.contains("|")
            || t.contains("=>")) {
          throw ApiException.badRequest("rule-change-term", MAX_TERM);
        }
        var existing = action == Action.ADD_TERM ? now.terms() : now.allow();
        if (existing.getOrDefault(rule, List.of()).contains(t)
            || baseForms(rule, action).contains(t)) {
          throw ApiException.conflict("rule-term-exists", t, rule);
        }
      }
    }
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    List<Change> all = new ArrayList<>(changes(null));
    java.util.Collections.reverse(all);
    all.add(new Change(Long.MAX_VALUE, rule, action.id(), t, why, actor.username(), at));
    State candidate;
    try {
      candidate = build(all);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("rule-change-term", MAX_TERM);
    }
    List<BrokenExample> broken = brokenExamples(candidate.detector());
    if (!broken.isEmpty()) {
      BrokenExample b = broken.get(0);
      throw new ApiException(
          HttpStatus.UNPROCESSABLE_CONTENT,
          b.mustMatch() ? "rule-example-unmatched" : "rule-example-matched",
          Map.of("failures", broken),
          b.rule(),
          b.text(),
          b.where());
    }
    final String stored = t;
    Change c =
        tx.execute(
            st -> {
              var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
              jdbc.sql(
                      "INSERT INTO rule_change (rule, action, term, reason, actor, at) VALUES"
                          + " (?, ?, ?, ?, ?, ?)")
                  .params(
                      rule,
                      action.id(),
                      stored,
                      why,
                      actor.username(),
                      OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                  .update(keys, "version");
              long version = keys.getKey().longValue();
              Map<String, Object> detail = new LinkedHashMap<>();
              detail.put("version", version);
              if (stored != null) {
                detail.put("term", stored);
              }
              detail.put("reason", why);
              if (actor.tokenId() != null) {
                detail.put("via_token", actor.tokenId());
              }
              audit.append(actor.username(), "rule." + action.id(), "rule:" + rule, detail);
              return new Change(version, rule, action.id(), stored, why, actor.username(), at);
            });
    state.set(
        new State(
            candidate.detector(),
            c.version(),
            candidate.disabled(),
            candidate.terms(),
            candidate.allow()));
    events.publishEvent(new RulesChanged(c.version()));
    return c;
  }

  /** The written forms of a rule's own inline terms or allow-phrases in the base catalogue. */
  private Set<String> baseForms(String rule, Action action) {
    Rule r = base.rule(rule);
    Set<String> forms = new LinkedHashSet<>();
    List<String> names = action == Action.ADD_TERM ? r.lexicons() : r.allow();
    for (String n : names) {
      var lx = base.lexicons().get(n);
      if (lx != null) {
        lx.terms().forEach(term -> forms.addAll(term.forms()));
      }
    }
    return forms;
  }

  /** Replays changes (oldest first) into an overlay and compiles its detector. */
  private State build(List<Change> oldestFirst) {
    Set<String> disabled = new LinkedHashSet<>();
    Map<String, List<String>> terms = new LinkedHashMap<>();
    Map<String, List<String>> allow = new LinkedHashMap<>();
    long version = 0;
    for (Change c : oldestFirst) {
      if (base.rule(c.rule()) == null && model(c.rule()) == null) {
        continue; // a rule dropped from the bundled catalogue since the change was made
      }
      Action a = Action.parse(c.action());
      if (a == null) {
        throw new IllegalStateException("unknown stored rule change action " + c.action());
      }
      switch (a) {
        case DISABLE -> disabled.add(c.rule());
        case ENABLE -> disabled.remove(c.rule());
        case ADD_TERM -> terms.computeIfAbsent(c.rule(), k -> new ArrayList<>()).add(c.term());
        case ADD_ALLOW -> allow.computeIfAbsent(c.rule(), k -> new ArrayList<>()).add(c.term());
      }
      version = Math.max(version, c.version() == Long.MAX_VALUE ? version : c.version());
    }
    Set<String> lexiconDisabled = new LinkedHashSet<>(disabled);
    lexiconDisabled.removeIf(id -> base.rule(id) == null); // model rules: silenced by the analysis
    Detector d;
    if (lexiconDisabled.isEmpty() && terms.isEmpty() && allow.isEmpty()) {
      d = Detector.bundled();
    } else {
      d = Detector.of(base.amend(lexiconDisabled, asTerms(terms), asTerms(allow)));
    }
    return new State(d, version, Set.copyOf(disabled), copy(terms), copy(allow));
  }

  private static Map<String, List<Term>> asTerms(Map<String, List<String>> m) {
    Map<String, List<Term>> out = new LinkedHashMap<>();
    m.forEach(
        (rule, list) ->
            out.put(
                rule,
                list.stream()
                    .map(s -> new Term(s, List.of(s), null, "rule_change:" + rule))
                    .toList()));
    return out;
  }

  private static Map<String, List<String>> copy(Map<String, List<String>> m) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Every enabled rule's must-match and must-not-match examples that {@code d} gets wrong. */
  static List<BrokenExample> brokenExamples(Detector d) {
    List<BrokenExample> out = new ArrayList<>();
    LocalDate today = LocalDate.now(Detector.CHINA);
    for (Rule rule : d.catalogue().rules()) {
      for (Rule.Example e : rule.matchExamples()) {
        if (!fires(d, rule, e, today)) {
          out.add(new BrokenExample(rule.id(), true, e.text(), e.where()));
        }
      }
      for (Rule.Example e : rule.noMatchExamples()) {
        if (fires(d, rule, e, today)) {
          out.add(new BrokenExample(rule.id(), false, e.text(), e.where()));
        }
      }
    }
    return out;
  }

  /** As detect's CatalogueExamplesTest: the example's channel, else the rule's first. */
  private static boolean fires(Detector d, Rule rule, Rule.Example e, LocalDate date) {
    Channel channel = e.channel() != null ? e.channel() : rule.channels().iterator().next();
    String product = e.product();
    if (product == null && rule.strictProducts()) {
      product = rule.products().iterator().next();
    }
    for (Finding f : d.check(e.text(), new CheckOptions(channel, product, date))) {
      if (f.rule().equals(rule.id())) {
        return true;
      }
    }
    return false;
  }
}
