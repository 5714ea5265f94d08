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
import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.event.Platform;
import io.liveguard.detect.model.Hit;
import io.liveguard.detect.model.Scoped;
import io.liveguard.detect.model.SnapshotInput;
import io.liveguard.detect.model.SnapshotOutput;
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
 * any listing is known waits {@link #PENDING_CLAIMS} for one; a text is compared with the listing
 * on sale when it was said (the latest snapshot at or before it), also when that snapshot arrives
 * after the text. A cross-check finding is raised once per session for the same rule and claim.
 * State of a session is dropped when it ends or after {@link #IDLE} without events; price histories
 * live {@code PriceHistory.RETENTION} per room and listing, across sessions.
 *
 * <p>The state can be saved as bytes ({@link #snapshot()}) and loaded into a new analyzer ({@link
 * #restore(byte[])}); the restored analyzer raises, on the events that follow, the findings the
 * original would have raised.
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

  /** The layout version {@link #snapshot()} writes and {@link #restore(byte[])} reads. */
  public static final int SNAPSHOT_VERSION = 1;

  /**
   * How many of the latest event ids a snapshot keeps for de-duplication (the analyzer itself
   * remembers {@value #MAX_IDS}): a copy of an event delivered more than this many events after it
   * is analysed again by a restored analyzer.
   */
  public static final int SNAPSHOT_IDS = 256;

  private static final int SNAPSHOT_MAGIC = 0x4c475341; // "LGSA"

  private static final int MAX_RECENT = 200;
  private static final int MAX_LOG = 500;
  private static final int MAX_LISTINGS = 200;
  private static final int MAX_SALES = 1_000;

  private Detector detector;
  private final ModelRules rules;
  private final ClaimModel claims;
  private CounterfeitModel counterfeit;
  private Set<String> silenced = Set.of();
  private final PriceModel prices = new PriceModel();
  private final Map<String, Session> sessions = new HashMap<>();
  private int maxIds = MAX_IDS;
  private final Map<String, Boolean> seen =
      new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > maxIds;
        }
      };
  private Instant latest = Event.EARLIEST;
  private Duration lateness = Duration.ZERO;
  private long sequence;
  private final java.util.PriorityQueue<Buffered> buffer =
      new java.util.PriorityQueue<>(
          java.util.Comparator.comparing((Buffered b) -> b.event.at())
              .thenComparingLong(b -> b.sequence));
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

  /**
   * The analyzer's state as bytes, for {@link #restore(byte[])}: a magic number and {@link
   * #SNAPSHOT_VERSION}, then the sessions (listings, recent texts, sales series, PK window,
   * findings already reported), the price histories and waiting price claims, the events held back
   * for reordering, the counters, and the latest {@link #SNAPSHOT_IDS} event ids. What the analyzer
   * works out from that (the facts a listing states, the brands a text mentions) is worked out
   * again on restore rather than stored. Equal states give equal bytes.
   */
  public byte[] snapshot() {
    SnapshotOutput out = new SnapshotOutput();
    out.writeInt(SNAPSHOT_MAGIC).writeInt(SNAPSHOT_VERSION);
    out.writeInstant(latest).writeLong(lateness.toNanos()).writeLong(sequence).writeLong(accepted);
    List<String> ids = new ArrayList<>(seen.keySet());
    List<String> kept = ids.subList(Math.max(0, ids.size() - SNAPSHOT_IDS), ids.size());
    out.writeInt(kept.size());
    kept.forEach(out::writeString);
    List<Buffered> held = new ArrayList<>(buffer);
    held.sort(buffer.comparator());
    out.writeInt(held.size());
    for (Buffered b : held) {
      out.writeLong(b.sequence).writeString(EventJson.write(b.event));
    }
    out.writeInt(sessions.size());
    for (String scope : new TreeMap<>(sessions).keySet()) {
      sessions.get(scope).write(out);
    }
    prices.write(out);
    return out.toByteArray();
  }

  /**
   * Loads a state that {@link #snapshot()} wrote, possibly in another process, into this analyzer,
   * which must not have accepted any event; returns this analyzer. Its detector, rules and models
   * should be those of the analyzer that took the snapshot.
   *
   * @throws IllegalArgumentException if the bytes are not a snapshot, or of another version
   * @throws IllegalStateException if this analyzer has already accepted events
   */
  public SessionAnalyzer restore(byte[] snapshot) {
    if (!seen.isEmpty() || !sessions.isEmpty() || prices.size() > 0) {
      throw new IllegalStateException("an analyzer restores a snapshot only before any event");
    }
    SnapshotInput in = new SnapshotInput(snapshot);
    if (snapshot.length < 8 || in.readInt() != SNAPSHOT_MAGIC) {
      throw new IllegalArgumentException("not a session analyzer snapshot");
    }
    int version = in.readInt();
    if (version != SNAPSHOT_VERSION) {
      throw new IllegalArgumentException(
          "session analyzer snapshot version "
              + version
              + " cannot be read; this analyzer reads version "
              + SNAPSHOT_VERSION);
    }
    latest = in.readRequiredInstant("latest");
    lateness = Duration.ofNanos(in.readLong());
    sequence = in.readLong();
    accepted = in.readLong();
    for (int n = in.readCount(4), i = 0; i < n; i++) {
      seen.put(in.readRequiredString("event id"), Boolean.TRUE);
    }
    for (int n = in.readCount(12), i = 0; i < n; i++) {
      long seq = in.readLong();
      String json = in.readRequiredString("held event");
      try {
        buffer.add(new Buffered(EventJson.parse(json), seq));
      } catch (EventFormatException e) {
        throw new IllegalArgumentException("corrupt snapshot: a held event: " + e.getMessage(), e);
      }
    }
    for (int n = in.readCount(16), i = 0; i < n; i++) {
      Session s = Session.read(in, claims, counterfeit);
      sessions.put(s.platform.id() + "|" + s.room + "|" + s.session, s);
    }
    prices.read(in);
    in.expectEnd();
    return this;
  }

  /** Analyzes one event and returns the findings it completes, in order. */
  public List<SessionFinding> accept(Event e) {
    if (seen.put(e.id(), Boolean.TRUE) != null) {
      return List.of();
    }
    if (e.at().isAfter(latest)) {
      latest = e.at();
    }
    if (lateness.isZero()) {
      return analyze(e);
    }
    buffer.add(new Buffered(e, sequence++));
    List<SessionFinding> out = new ArrayList<>();
    Instant watermark = latest.minus(lateness);
    while (!buffer.isEmpty() && !buffer.peek().event.at().isAfter(watermark)) {
      out.addAll(analyze(buffer.poll().event));
    }
    return out;
  }

  /**
   * Analyzes every event still held back for reordering (see {@link #lateness(Duration)}); call at
   * the end of a replay.
   */
  public List<SessionFinding> flush() {
    List<SessionFinding> out = new ArrayList<>();
    while (!buffer.isEmpty()) {
      out.addAll(analyze(buffer.poll().event));
    }
    return out;
  }

  /**
   * Sets how late an event may arrive and still be analyzed in instant order: events are held until
   * an event at least this much later has been seen (or {@link #flush()}), then analyzed oldest
   * first. Zero (the default) analyzes every event on arrival. Returns this analyzer.
   */
  public SessionAnalyzer lateness(Duration lateness) {
    if (lateness.isNegative()) {
      throw new IllegalArgumentException("lateness must not be negative, was " + lateness);
    }
    this.lateness = lateness;
    return this;
  }

  /**
   * Sets how many of the latest event ids are remembered to drop a copy delivered again (default
   * {@value #MAX_IDS}); at most {@link #SNAPSHOT_IDS} makes a restored analyzer drop exactly the
   * copies the original would have. Returns this analyzer.
   */
  public SessionAnalyzer rememberIds(int max) {
    if (max < 1 || max > MAX_IDS) {
      throw new IllegalArgumentException(
          "remembered ids must lie in [1, " + MAX_IDS + "], was " + max);
    }
    this.maxIds = max;
    return this;
  }

  /**
   * Analyzes the events accepted from now on with another lexicon engine and counterfeit model (the
   * rules in force or the authorised-seller register changed); the state is kept. Both are
   * consulted per event only, so the swap is cheap. The counterfeit model must use the same brand
   * dictionary as the one it replaces: the brand mentions of the texts held are not scanned again.
   * Returns this analyzer.
   *
   * @param detector the lexicon engine, or null to run the session models only
   */
  public SessionAnalyzer use(Detector detector, CounterfeitModel counterfeit) {
    this.detector = detector;
    this.counterfeit = java.util.Objects.requireNonNull(counterfeit, "counterfeit");
    return this;
  }

  /**
   * As {@link #use(Detector, CounterfeitModel)}, and the model rules in {@code disabled} raise
   * nothing from now on (an officer disabled them; ids of lexicon rules are ignored here, the
   * detector already leaves those out). Like the detector this is configuration, not state: the
   * models keep observing, so a rule enabled again fires on what it sees next, and {@link
   * #snapshot()} does not hold it. Returns this analyzer.
   */
  public SessionAnalyzer use(
      Detector detector, CounterfeitModel counterfeit, Set<String> disabled) {
    use(detector, counterfeit);
    this.silenced = Set.copyOf(disabled);
    return this;
  }

  /**
   * The model rules this analyzer does not raise ({@link #use(Detector, CounterfeitModel, Set)}).
   */
  public Set<String> disabled() {
    return silenced;
  }

  private record Buffered(Event event, long sequence) {}

  private List<SessionFinding> analyze(Event e) {
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
      scoped(prices.observe(scope, listingKey(e.platform(), e.room(), pr.listing()), o), null, out);
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
    ListingRef listing = s.listingAt(u.at());
    lexicon(s, u, listing == null ? null : listing.listing().category(), out);
    if (listing != null) {
      crossCheck(s, scope, u, listing, out);
    }
    s.log.addLast(u);
    if (s.latestText == null || u.at().isAfter(s.latestText)) {
      s.latestText = u.at();
    }
    while (!s.log.isEmpty()
        && (s.log.size() > MAX_LOG
            || s.log.peekFirst().at().isBefore(s.last.minus(PENDING_CLAIMS)))) {
      s.log.removeFirst();
    }
    CounterfeitModel.Scanned scanned = counterfeit.scan(u);
    hits(s, counterfeit.check(scanned, s.recent, listing), listing, out);
    if (s.pkSince != null
        && !u.at().isBefore(s.pkSince)
        && u.at().isBefore(s.pkSince.plus(PkModel.MAX_PK))) {
      hits(s, PkModel.cues(u, s.pkOpponent), null, out);
    }
    s.recent.addLast(scanned);
    while (!s.recent.isEmpty()
        && (s.recent.size() > MAX_RECENT
            || s.recent.peekFirst().utterance().at().isBefore(s.last.minus(RECENT)))) {
      s.recent.removeFirst();
    }
  }

  private void crossCheck(
      Session s, String scope, Utterance u, ListingRef listing, List<SessionFinding> out) {
    ClaimModel.Facts facts = s.facts.get(listing);
    if (facts == null) {
      facts = claims.facts(listing);
    }
    hits(s, claims.check(u, listing, facts), listing, out);
    String key = listingKey(s.platform, s.room, listing.listing().listing());
    scoped(prices.utterance(scope, key, u), listing, out);
  }

  private void listing(
      Session s, String scope, Event e, Payload.Listing l, List<SessionFinding> out) {
    ListingRef ref = new ListingRef(e.id(), l, e.at());
    ListingRef replaced = s.listings.put(e.at(), ref);
    if (replaced != null) {
      s.facts.remove(replaced);
    }
    ClaimModel.Facts facts = claims.facts(ref);
    s.facts.put(ref, facts);
    if (s.listings.size() > MAX_LISTINGS) {
      s.facts.remove(s.listings.pollFirstEntry().getValue());
    }
    Utterance title = new Utterance(e.id(), Channel.LISTING, l.title(), e.at());
    lexicon(s, title, l.category(), out);
    hits(s, claims.check(title, ref, facts), ref, out);
    hits(s, counterfeit.check(counterfeit.scan(title), List.of(), ref), ref, out);
    scoped(
        prices.listing(scope, listingKey(e.platform(), e.room(), l.listing()), e.id(), e.at(), l),
        ref,
        out);
    // texts that arrived before this snapshot but were said while it was on sale
    if (s.latestText == null || s.latestText.isBefore(e.at())) {
      return;
    }
    for (Utterance u : s.log) {
      if (s.listingAt(u.at()) == ref) {
        crossCheck(s, scope, u, ref, out);
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
    hits(s, hits, null, out);
  }

  private String product(Session s) {
    ListingRef l = s.listingAt(s.last);
    return l == null ? null : l.listing().category();
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

  private void hits(Session s, List<Hit> hits, ListingRef listing, List<SessionFinding> out) {
    for (Hit h : hits) {
      if (silenced.contains(h.rule())) {
        continue;
      }
      String key =
          h.rule()
              + "|"
              + h.term()
              + "|"
              + (h.rule().equals(PkModel.OUTRUN) ? String.join(",", h.events()) : "")
              + (listing != null ? "|" + listing.listing().listing() : "");
      if (s.reported.add(key)) {
        out.add(finding(h, s.platform, s.room, s.session));
      }
    }
  }

  private void scoped(List<Scoped> hits, ListingRef listing, List<SessionFinding> out) {
    for (Scoped sh : hits) {
      Session s = sessions.get(sh.scope());
      if (s != null) {
        hits(s, List.of(sh.hit()), listing, out);
      } else if (!silenced.contains(sh.hit().rule())) {
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
    final TreeMap<Instant, ListingRef> listings = new TreeMap<>();
    final Map<ListingRef, ClaimModel.Facts> facts = new java.util.IdentityHashMap<>();
    Instant latestText;
    final ArrayDeque<CounterfeitModel.Scanned> recent = new ArrayDeque<>();
    final ArrayDeque<Utterance> log = new ArrayDeque<>();
    final Map<String, TreeMap<Instant, PkModel.Snapshot>> sales = new HashMap<>();
    final Set<String> reported = new HashSet<>();
    Instant pkSince;
    String pkOpponent;

    Session(Platform platform, String room, String session) {
      this.platform = platform;
      this.room = room;
      this.session = session;
    }

    void write(SnapshotOutput out) {
      out.writeString(platform.id()).writeString(room).writeString(session).writeInstant(last);
      out.writeInt(listings.size());
      for (ListingRef ref : listings.values()) {
        Payload.Listing l = ref.listing();
        out.writeString(ref.event()).writeInstant(ref.at()).writeString(l.listing());
        out.writeString(l.title()).writeInt(l.attributes().size());
        l.attributes().forEach((k, v) -> out.writeString(k).writeString(v));
        out.writeDecimal(l.price()).writeDecimal(l.originalPrice()).writeString(l.category());
        out.writeString(l.shop()).writeString(l.brand());
      }
      out.writeInstant(latestText);
      out.writeInt(log.size());
      log.forEach(out::writeUtterance);
      // the recent texts are usually the log's last ones: then only their number is written
      boolean suffix = recent.size() <= log.size();
      var r = recent.descendingIterator();
      var l = log.descendingIterator();
      while (suffix && r.hasNext()) {
        suffix = r.next().utterance() == l.next();
      }
      out.writeBoolean(suffix).writeInt(recent.size());
      if (!suffix) {
        recent.forEach(x -> out.writeUtterance(x.utterance()));
      }
      out.writeInt(sales.size());
      for (Map.Entry<String, TreeMap<Instant, PkModel.Snapshot>> e :
          new TreeMap<>(sales).entrySet()) {
        out.writeString(e.getKey()).writeInt(e.getValue().size());
        for (PkModel.Snapshot snap : e.getValue().values()) {
          out.writeString(snap.event()).writeInstant(snap.at());
          out.writeString(snap.sales().listing()).writeLong(snap.sales().count());
          out.writeBoolean(snap.sales().viewers() != null);
          if (snap.sales().viewers() != null) {
            out.writeLong(snap.sales().viewers());
          }
        }
      }
      out.writeInt(reported.size());
      new java.util.TreeSet<>(reported).forEach(out::writeString);
      out.writeInstant(pkSince).writeString(pkOpponent);
    }

    static Session read(SnapshotInput in, ClaimModel claims, CounterfeitModel counterfeit) {
      String id = in.readRequiredString("platform");
      Platform platform = Platform.byId(id);
      if (platform == null) {
        throw new IllegalArgumentException("corrupt snapshot: unknown platform " + id);
      }
      Session s =
          new Session(platform, in.readRequiredString("room"), in.readRequiredString("session"));
      s.last = in.readRequiredInstant("last");
      try {
        for (int n = in.readCount(16), i = 0; i < n; i++) {
          String event = in.readRequiredString("listing event");
          Instant at = in.readRequiredInstant("listing time");
          String listing = in.readRequiredString("listing");
          String title = in.readString();
          Map<String, String> attributes = new LinkedHashMap<>();
          for (int m = in.readCount(8), j = 0; j < m; j++) {
            attributes.put(in.readRequiredString("attribute"), in.readString());
          }
          Payload.Listing l =
              new Payload.Listing(
                  listing,
                  title,
                  attributes,
                  in.readDecimal(),
                  in.readDecimal(),
                  in.readString(),
                  in.readString(),
                  in.readString());
          ListingRef ref = new ListingRef(event, l, at);
          s.listings.put(at, ref);
          s.facts.put(ref, claims.facts(ref));
        }
        s.latestText = in.readInstant();
        for (int n = in.readCount(16), i = 0; i < n; i++) {
          s.log.addLast(in.readUtterance());
        }
        boolean suffix = in.readBoolean();
        int recent = suffix ? in.readInt() : in.readCount(16);
        if (suffix) {
          if (recent < 0 || recent > s.log.size()) {
            throw new IllegalArgumentException(
                "corrupt snapshot: " + recent + " recent texts of " + s.log.size() + " logged");
          }
          List<Utterance> logged = new ArrayList<>(s.log);
          for (Utterance u : logged.subList(logged.size() - recent, logged.size())) {
            s.recent.addLast(counterfeit.scan(u));
          }
        } else {
          for (int i = 0; i < recent; i++) {
            s.recent.addLast(counterfeit.scan(in.readUtterance()));
          }
        }
        for (int n = in.readCount(8), i = 0; i < n; i++) {
          TreeMap<Instant, PkModel.Snapshot> series = new TreeMap<>();
          s.sales.put(in.readRequiredString("sales key"), series);
          for (int m = in.readCount(16), j = 0; j < m; j++) {
            String event = in.readRequiredString("sales event");
            Instant at = in.readRequiredInstant("sales time");
            String listing = in.readString();
            long count = in.readLong();
            Long viewers = in.readBoolean() ? in.readLong() : null;
            series.put(
                at, new PkModel.Snapshot(event, at, new Payload.Sales(listing, count, viewers)));
          }
        }
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("corrupt snapshot")) {
          throw e;
        }
        throw new IllegalArgumentException("corrupt snapshot: " + e.getMessage(), e);
      }
      for (int n = in.readCount(4), i = 0; i < n; i++) {
        s.reported.add(in.readRequiredString("reported key"));
      }
      s.pkSince = in.readInstant();
      s.pkOpponent = in.readString();
      return s;
    }

    /**
     * The listing on sale at {@code at}: the latest snapshot at or before it, else the first one
     * taken at most {@link #PENDING_CLAIMS} after it (a claim made just before the listing was
     * pushed).
     */
    ListingRef listingAt(Instant at) {
      Map.Entry<Instant, ListingRef> e = listings.floorEntry(at);
      if (e != null) {
        return e.getValue();
      }
      e = listings.ceilingEntry(at);
      return e != null && !e.getKey().isAfter(at.plus(PENDING_CLAIMS)) ? e.getValue() : null;
    }
  }
}
