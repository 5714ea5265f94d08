package io.liveguard.stream.analysis;

import io.liveguard.detect.Detector;
import io.liveguard.detect.claim.Taxonomy;
import io.liveguard.detect.counterfeit.AuthorisedSellers;
import io.liveguard.detect.counterfeit.CounterfeitModel;
import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.event.EventType;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.CatalogueFiles;
import io.liveguard.detect.rule.ModelRules;
import io.liveguard.detect.session.SessionAnalyzer;
import io.liveguard.detect.session.SessionFinding;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * Runs the session analyzer of {@code detect} ({@link SessionAnalyzer}) per room, with Flink state
 * as the source of truth.
 *
 * <p>Design: {@link SessionAnalyzer} keeps its state in plain Java objects that Flink cannot
 * checkpoint. This adapter keeps in Flink state (a {@link RoomLog}) the events from which that
 * state can be rebuilt, and keeps the live analyzer of each room in a per-task cache. While the
 * cache is in step with the state (same epoch and event count) an event costs one {@code accept};
 * after a restore from a checkpoint, a rescale, a cache eviction or a TTL expiry the analyzer is
 * rebuilt by replaying the log with its output discarded. The analyzer is deterministic (event time
 * only), so the rebuilt analyzer is the one that ran before.
 *
 * <p>Retention: the analyzer looks back a long way (a "only today" claim is checked against the
 * price days later, price histories live 30 days), so the log keeps every event until it holds
 * {@link #MAX_LOG_CHARS}; past that the oldest texts (transcript, screen text, chat, script) go
 * first, then the oldest events of any kind. A rebuild from a log that dropped events can differ
 * from the uninterrupted run: a cross-check resting on a dropped event is missed, or one already
 * reported is reported again. Rebuilds happen only after a failure, a rescale, an eviction from the
 * cache or a TTL expiry; exact restores of long sessions need the analyzer's own state in Flink
 * state (a serializable state from {@code detect}; see docs/stream.md).
 */
public final class SessionRoomAnalyzer implements RoomAnalyzer<RoomLog> {

  private static final long serialVersionUID = 1L;

  /** Most UTF-16 characters the log keeps per room (about 2 bytes each serialized, for CJK 3). */
  public static final int MAX_LOG_CHARS = 20_000;

  /** Most live analyzers cached per task; the least recently used is rebuilt when needed. */
  public static final int MAX_CACHED_ROOMS = 20_000;

  private transient Shared shared;
  private transient Map<String, Cached> cache;

  @Override
  public TypeInformation<RoomLog> stateType() {
    return Types.POJO(RoomLog.class);
  }

  @Override
  public RoomLog start(String key) {
    return new RoomLog("", 0, new String[0], new long[0], new boolean[0]);
  }

  @Override
  public Outcome<RoomLog> analyze(RoomLog state, EventRecord record) {
    Map<String, Cached> rooms = cache();
    Cached c = rooms.get(record.key());
    if (c == null || c.accepted != state.accepted() || !c.epoch.equals(state.epoch())) {
      c = rebuild(state);
      rooms.put(record.key(), c);
    }
    Event event = record.event();
    List<SessionFinding> found = c.analyzer.accept(event);
    c.accepted++;
    String epoch = state.epoch().isEmpty() ? record.id() : state.epoch();
    c.epoch = epoch;
    List<FindingRecord> out = new ArrayList<>(found.size());
    for (SessionFinding f : found) {
      out.add(record(f));
    }
    return new Outcome<>(retain(state, epoch, c.accepted, record, isText(event)), out);
  }

  /**
   * The finding record of a session finding, as the job publishes it; the embedded pipeline uses
   * the same conversion.
   */
  public static FindingRecord record(SessionFinding f) {
    return FindingRecord.of(
        EventRecord.roomKey(f.platform().id(), f.room()),
        f.session(),
        f.at().toEpochMilli(),
        f.events().toArray(String[]::new),
        f.finding(),
        f.toJson());
  }

  /** The analyzer state rebuilt from a log, by replaying it. */
  private Cached rebuild(RoomLog state) {
    SessionAnalyzer a = shared().newAnalyzer();
    for (String json : state.events()) {
      try {
        a.accept(EventJson.parse(json));
      } catch (EventFormatException e) {
        throw new IllegalStateException("a logged event no longer parses: " + e.getMessage(), e);
      }
    }
    Cached c = new Cached(a);
    c.accepted = state.accepted();
    c.epoch = state.epoch();
    return c;
  }

  /**
   * The log after {@code record}: while it holds more than {@link #MAX_LOG_CHARS}, the oldest text
   * event is dropped, and when no text is left, the oldest event of any kind.
   */
  static RoomLog retain(
      RoomLog state, String epoch, long accepted, EventRecord record, boolean text) {
    String[] old = state.events();
    boolean[] keep = new boolean[old.length];
    int n = old.length;
    long total = record.json().length();
    for (int i = 0; i < old.length; i++) {
      keep[i] = true;
      total += old[i].length();
    }
    for (int i = 0; i < old.length && total > MAX_LOG_CHARS; i++) {
      if (state.texts()[i]) {
        keep[i] = false;
        n--;
        total -= old[i].length();
      }
    }
    for (int i = 0; i < old.length && total > MAX_LOG_CHARS; i++) {
      if (keep[i]) {
        keep[i] = false;
        n--;
        total -= old[i].length();
      }
    }
    String[] events = new String[n + 1];
    long[] times = new long[n + 1];
    boolean[] texts = new boolean[n + 1];
    int j = 0;
    for (int i = 0; i < old.length; i++) {
      if (keep[i]) {
        events[j] = old[i];
        times[j] = state.times()[i];
        texts[j++] = state.texts()[i];
      }
    }
    events[n] = record.json();
    times[n] = record.at();
    texts[n] = text;
    return new RoomLog(epoch, accepted, events, times, texts);
  }

  private static boolean isText(Event e) {
    EventType t = e.payload().type();
    return t == EventType.TRANSCRIPT
        || t == EventType.SCREEN_TEXT
        || t == EventType.CHAT
        || t == EventType.SCRIPT;
  }

  private Map<String, Cached> cache() {
    if (cache == null) {
      cache =
          new LinkedHashMap<>(1024, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
              return size() > MAX_CACHED_ROOMS;
            }
          };
    }
    return cache;
  }

  private Shared shared() {
    if (shared == null) {
      shared = Shared.INSTANCE;
    }
    return shared;
  }

  private static final class Cached {
    final SessionAnalyzer analyzer;
    long accepted;
    String epoch = "";

    Cached(SessionAnalyzer analyzer) {
      this.analyzer = analyzer;
    }
  }

  /**
   * The bundled detector, rules, taxonomy and brands: loaded once per JVM, shared (thread-safe).
   */
  private static final class Shared {
    static final Shared INSTANCE = new Shared();

    final Detector detector = Detector.bundled();
    final Taxonomy taxonomy = Taxonomy.bundled();
    final ModelRules rules;
    final CounterfeitModel counterfeit;

    private Shared() {
      try {
        rules =
            ModelRules.load(
                CatalogueFiles.bundled(),
                detector.catalogue(),
                SessionAnalyzer.requiredRules(taxonomy));
      } catch (CatalogueException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      counterfeit = new CounterfeitModel(detector.catalogue().brands(), AuthorisedSellers.UNKNOWN);
    }

    SessionAnalyzer newAnalyzer() {
      return new SessionAnalyzer(detector, rules, taxonomy, counterfeit);
    }
  }
}
