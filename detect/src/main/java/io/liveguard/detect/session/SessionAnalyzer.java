package io.liveguard.detect.session;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.detect.Provision;
import io.liveguard.detect.claim.ClaimModel;
import io.liveguard.detect.claim.ClaimModel.ListingRef;
import io.liveguard.detect.claim.Taxonomy;
import io.liveguard.detect.counterfeit.AuthorisedSellers;
import io.liveguard.detect.counterfeit.CounterfeitModel;
import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.event.Platform;
import io.liveguard.detect.model.Hit;
import io.liveguard.detect.model.Scoped;
import io.liveguard.detect.model.Utterance;
import io.liveguard.detect.pk.PkModel;
import io.liveguard.detect.price.Observation;
import io.liveguard.detect.price.PriceModel;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.CatalogueFiles;
import io.liveguard.detect.rule.ModelRule;
import io.liveguard.detect.rule.ModelRules;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Analyzes the events of live sessions, per platform, room and session: keeps the listings on sale,
 * price histories, sales snapshots, PK windows and a window of recent speech and screen text, runs
 * the lexicon ({@link Detector}) on every text and the session models — claim vs listing, price,
 * counterfeit, PK — and returns findings that cite the events they rest on.
 *
 * <p>Events may come in any order and more than once: an id already seen is ignored (the last
 * {@value #MAX_IDS} ids are remembered); histories are kept in instant order; a claim made before
 * any listing is known waits {@link #PENDING_CLAIMS} for one. A cross-check finding is raised once
 * per session for the same rule and claim. State of a session is dropped when it ends or after
 * {@link #IDLE} without events; price histories live {@code PriceHistory.RETENTION} per room and
 * listing, across sessions.
 *
 * <p>Not thread-safe: give each partition of the event stream its own analyzer (the detector,
 * rules, taxonomy and brand dictionary it uses are shared and thread-safe).
 */
public final class SessionAnalyzer {

  /** How many event ids are remembered for de-duplication. */
  public static final int MAX_IDS = 1_000_000;

  /** How long a session without events is kept. */
  public static final Duration IDLE = Duration.ofHours(6);

  /** How long a claim made before any listing is known waits for one. */
  public static final Duration PENDING_CLAIMS = Duration.ofMinutes(10);

  /** How far back recent texts reach (for cues in one text and brands in another). */
  public static final Duration RECENT = Duration.ofSeconds(60);

  private static final int MAX_RECENT = 200;
  private static final int MAX_PENDING = 50;
  private static final int MAX_SALES = 1_000;

  private final Detector detector;
  private final ModelRules rules;
  private final ClaimModel claims;
  private final CounterfeitModel counterfeit;
  private final PriceModel prices = new PriceModel();
  private final Map<String, Session> sessions = new HashMap<>();
  private final Map<String, Boolean> seen =
      new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > MAX_IDS;
        }
      };
  private Instant latest = Event.EARLIEST;
  private long accepted;

  /**
   * An analyzer.
   *
   * @param detector the lexicon engine, or null to run the session models only
   * @param rules the model rules
   * @param taxonomy the claim taxonomy
   * @param counterfeit the counterfeit model (brand dictionary and authorised sellers)
   * @throws IllegalArgumentException if a rule the models raise is missing from {@code rules}
   */
  public SessionAnalyzer(
      Detector detector, ModelRules rules, Taxonomy taxonomy, CounterfeitModel counterfeit) {
    this.detector = detector;
    this.rules = rules;
    this.claims = new ClaimModel(taxonomy);
    this.counterfeit = counterfeit;
    for (String id : requiredRules(taxonomy)) {
      rules.rule(id);
    }
  }

  /**
   * The model rule ids the models raise with this taxonomy; {@code models.yaml} must define them.
   */
  public static Set<String> requiredRules(Taxonomy taxonomy) {
    Set<String> needed = new HashSet<>(new ClaimModel(taxonomy).rules());
    needed.addAll(PriceModel.rules());
    needed.addAll(CounterfeitModel.rules());
    needed.addAll(PkModel.rules());
    return needed;
  }

  /**
   * An analyzer with the bundled catalogue, model rules, taxonomy and brand dictionary, and no
   * authorised-seller register.
   */
  public static SessionAnalyzer bundled() {
    return bundled(AuthorisedSellers.UNKNOWN);
  }

  /** An analyzer with the bundled data and the given authorised-seller register. */
  public static SessionAnalyzer bundled(AuthorisedSellers sellers) {
    Detector d = Detector.bundled();
    try {
      return new SessionAnalyzer(
          d,
          ModelRules.load(
              CatalogueFiles.bundled(), d.catalogue(), requiredRules(Taxonomy.bundled())),
          Taxonomy.bundled(),
          new CounterfeitModel(d.catalogue().brands(), sellers));
    } catch (CatalogueException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Number of sessions whose state is held. */
  public int activeSessions() {
    return sessions.size();
  }

  /** Analyzes one event and returns the findings it completes, in order. */
  public List<SessionFinding> accept(Event e) {
    if (seen.put(e.id(), Boolean.TRUE) != null) {
      return List.of();
    }
    if (e.at().isAfter(latest)) {
      latest = e.at();
    }
    if (++accepted % 1024 == 0) {
      evictIdle();
    }
    String scope = e.platform().id() + "|" + e.room() + "|" + e.session();
    Session s =
        sessions.computeIfAbsent(scope, k -> new Session(e.platform(), e.room(), e.session()));
    if (e.at().isAfter(s.last)) {
      s.last = e.at();
    }
    List<SessionFinding> out = new ArrayList<>();
    Payload p = e.payload();
    if (p instanceof Payload.Transcript t) {
      text(s, scope, new Utterance(e.id(), Channel.SPEECH, t.text(), e.at()), out);
    } else if (p instanceof Payload.ScreenText st) {
      text(s, scope, new Utterance(e.id(), Channel.SCREEN, st.text(), e.at()), out);
    } else if (p instanceof Payload.Chat c) {
      lexicon(s, new Utterance(e.id(), Channel.CHAT, c.text(), e.at()), product(s), out);
    } else if (p instanceof Payload.Script sc) {
      lexicon(s, new Utterance(e.id(), Channel.SCRIPT, sc.text(), e.at()), sc.category(), out);
    } else if (p instanceof Payload.Listing l) {
      listing(s, scope, e, l, out);
    } else if (p instanceof Payload.Price pr) {
      Observation o = new Observation(e.at(), pr.price(), pr.source(), e.id(), pr.seller());
      scoped(prices.observe(scope, listingKey(e.platform(), e.room(), pr.listing()), o), out);
    } else if (p instanceof Payload.Sales sa) {
      sales(s, new PkModel.Snapshot(e.id(), e.at(), sa), out);
    } else if (p instanceof Payload.PkStarted pk) {
      s.pkSince = e.at();
      s.pkOpponent = pk.opponent();
    } else if (p instanceof Payload.PkEnded) {
      s.pkSince = null;
    } else if (p instanceof Payload.SessionEnded) {
      sessions.remove(scope);
    }
    return out;
  }

  private void text(Session s, String scope, Utterance u, List<SessionFinding> out) {
    lexicon(s, u, product(s), out);
    ListingRef current = s.current;
    if (current != null) {
      hits(s, claims.check(u, current), out);
      scoped(
          prices.utterance(scope, listingKey(s.platform, s.room, current.listing().listing()), u),
          out);
    } else {
      s.pending.addLast(u);
      if (s.pending.size() > MAX_PENDING) {
        s.pending.removeFirst();
      }
    }
    hits(s, counterfeit.check(u, List.copyOf(s.recent), current), out);
    if (s.pkSince != null
        && !u.at().isBefore(s.pkSince)
        && u.at().isBefore(s.pkSince.plus(PkModel.MAX_PK))) {
      hits(s, PkModel.cues(u, s.pkOpponent), out);
    }
    s.recent.addLast(u);
    while (!s.recent.isEmpty()
        && (s.recent.size() > MAX_RECENT
            || s.recent.peekFirst().at().isBefore(s.last.minus(RECENT)))) {
      s.recent.removeFirst();
    }
  }

  private void listing(
      Session s, String scope, Event e, Payload.Listing l, List<SessionFinding> out) {
    ListingRef ref = new ListingRef(e.id(), l, e.at());
    if (s.current == null || !e.at().isBefore(s.current.at())) {
      s.current = ref;
    }
    Utterance title = new Utterance(e.id(), Channel.LISTING, l.title(), e.at());
    lexicon(s, title, l.category(), out);
    hits(s, claims.check(title, ref), out);
    hits(s, counterfeit.check(title, List.of(), ref), out);
    scoped(
        prices.listing(scope, listingKey(e.platform(), e.room(), l.listing()), e.id(), e.at(), l),
        out);
    for (Iterator<Utterance> it = s.pending.iterator(); it.hasNext(); ) {
      Utterance u = it.next();
      it.remove();
      if (Duration.between(u.at(), e.at()).abs().compareTo(PENDING_CLAIMS) <= 0) {
        hits(s, claims.check(u, ref), out);
        scoped(prices.utterance(scope, listingKey(s.platform, s.room, l.listing()), u), out);
      }
    }
  }

  private void sales(Session s, PkModel.Snapshot snap, List<SessionFinding> out) {
    String key = snap.sales().listing() == null ? "" : snap.sales().listing();
    TreeMap<Instant, PkModel.Snapshot> series = s.sales.computeIfAbsent(key, k -> new TreeMap<>());
    series.put(snap.at(), snap);
    if (series.size() > MAX_SALES) {
      series.pollFirstEntry();
    }
    Map.Entry<Instant, PkModel.Snapshot> before = series.lowerEntry(snap.at());
    Map.Entry<Instant, PkModel.Snapshot> after = series.higherEntry(snap.at());
    List<Hit> hits = new ArrayList<>();
    if (before != null) {
      Hit h = PkModel.jump(before.getValue(), snap);
      if (h != null) {
        hits.add(h);
      }
    }
    if (after != null) {
      Hit h = PkModel.jump(snap, after.getValue());
      if (h != null) {
        hits.add(h);
      }
    }
    hits(s, hits, out);
  }

  private String product(Session s) {
    return s.current == null ? null : s.current.listing().category();
  }

  private void lexicon(Session s, Utterance u, String product, List<SessionFinding> out) {
    if (detector == null || u.text().isBlank()) {
      return;
    }
    String known =
        product != null && detector.catalogue().products().containsKey(product) ? product : null;
    LocalDate date = LocalDate.ofInstant(u.at(), Event.CHINA);
    for (Finding f : detector.check(u.text(), new CheckOptions(u.channel(), known, date))) {
      out.add(
          new SessionFinding(f, List.of(u.event()), null, s.platform, s.room, s.session, u.at()));
    }
  }

  private void hits(Session s, List<Hit> hits, List<SessionFinding> out) {
    for (Hit h : hits) {
      String key =
          h.rule()
              + "|"
              + h.term()
              + "|"
              + (h.rule().equals(PkModel.OUTRUN) ? String.join(",", h.events()) : "")
              + (s.current != null ? "|" + s.current.listing().listing() : "");
      if (s.reported.add(key)) {
        out.add(finding(h, s.platform, s.room, s.session));
      }
    }
  }

  private void scoped(List<Scoped> hits, List<SessionFinding> out) {
    for (Scoped sh : hits) {
      Session s = sessions.get(sh.scope());
      if (s != null) {
        hits(s, List.of(sh.hit()), out);
      } else {
        String[] parts = sh.scope().split("\\|", 3);
        out.add(finding(sh.hit(), Platform.byId(parts[0]), parts[1], parts[2]));
      }
    }
  }

  private SessionFinding finding(Hit h, Platform platform, String room, String session) {
    ModelRule r = rules.rule(h.rule());
    List<Provision> provisions = rules.provisions(r, LocalDate.ofInstant(h.at(), Event.CHINA));
    Finding f =
        new Finding(
            r.id(),
            r.category(),
            r.severity(),
            h.channel(),
            h.begin(),
            h.end(),
            h.matched(),
            h.term(),
            provisions,
            r.suggestion(),
            "",
            List.of());
    return new SessionFinding(f, h.events(), h.evidence(), platform, room, session, h.at());
  }

  private static String listingKey(Platform p, String room, String listing) {
    return p.id() + "|" + room + "|" + listing;
  }

  private void evictIdle() {
    Instant horizon = latest.minus(IDLE);
    sessions.values().removeIf(s -> s.last.isBefore(horizon));
  }

  /** The state of one session. */
  private static final class Session {
    final Platform platform;
    final String room;
    final String session;
    Instant last = Event.EARLIEST;
    ListingRef current;
    final ArrayDeque<Utterance> recent = new ArrayDeque<>();
    final ArrayDeque<Utterance> pending = new ArrayDeque<>();
    final Map<String, TreeMap<Instant, PkModel.Snapshot>> sales = new HashMap<>();
    final Set<String> reported = new HashSet<>();
    Instant pkSince;
    String pkOpponent;

    Session(Platform platform, String room, String session) {
      this.platform = platform;
      this.room = room;
      this.session = session;
    }
  }
}
