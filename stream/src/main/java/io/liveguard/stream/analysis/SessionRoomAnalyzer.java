package io.liveguard.stream.analysis;

import io.liveguard.detect.Detector;
import io.liveguard.detect.claim.Taxonomy;
import io.liveguard.detect.counterfeit.CounterfeitModel;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.CatalogueFiles;
import io.liveguard.detect.rule.ModelRules;
import io.liveguard.detect.session.SessionAnalyzer;
import io.liveguard.detect.session.SessionFinding;
import io.liveguard.stream.reference.ReferenceData;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Runs the session analyzer of {@code detect} ({@link SessionAnalyzer}) per room, with the analyzer
 * itself as the room's Flink state ({@link RoomSession}).
 *
 * <p>Design: each room has its own analyzer. On the heap backend Flink keeps it as a live object,
 * so an event costs one {@code accept}; a checkpoint writes the analyzer's versioned snapshot
 * ({@link SessionAnalyzer#snapshot()}: sessions, listings, recent texts, price histories, waiting
 * claims), and a restore, a rescale or a TTL-free read on the RocksDB backend loads it into a new
 * analyzer that goes on exactly as the uninterrupted one would — whatever the length of the
 * session. Each analyzer remembers the last {@link SessionAnalyzer#SNAPSHOT_IDS} event ids, the
 * number a snapshot keeps, so that a restored analyzer drops the same redelivered copies.
 */
public final class SessionRoomAnalyzer implements RoomAnalyzer<RoomSession> {

  private static final long serialVersionUID = 2L;

  @Override
  public TypeInformation<RoomSession> stateType() {
    return new RoomSessionType();
  }

  @Override
  public RoomSession start(String key) {
    return new RoomSession(newAnalyzer());
  }

  /**
   * Analyses the event with the rules in force and the authorised-seller register of {@code
   * reference}: the room's analyzer keeps its state and uses them from this event on (as the
   * platform's analyzers consult the registry when they check, not when they start); model rules
   * the overlay disables raise nothing.
   */
  @Override
  public Outcome<RoomSession> analyze(
      RoomSession state, EventRecord record, ReferenceData reference) {
    state.analyzer().use(reference.detector(), reference.counterfeit(), reference.disabled());
    return analyze(state, record);
  }

  @Override
  public Outcome<RoomSession> analyze(RoomSession state, EventRecord record) {
    List<SessionFinding> found = state.analyzer().accept(record.event());
    List<FindingRecord> out = new ArrayList<>(found.size());
    for (SessionFinding f : found) {
      out.add(record(f));
    }
    return new Outcome<>(state, out);
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

  /** A new analyzer for one room, over the bundled detector and rules (loaded once per JVM). */
  static SessionAnalyzer newAnalyzer() {
    return Shared.INSTANCE.newAnalyzer().rememberIds(SessionAnalyzer.SNAPSHOT_IDS);
  }

  /**
   * The bundled detector, rules, taxonomy and brands: loaded once per JVM, shared (thread-safe).
   */
  private static final class Shared {
    static final Shared INSTANCE = new Shared();

    final Detector detector = ReferenceData.NONE.detector();
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
      counterfeit = ReferenceData.NONE.counterfeit();
    }

    SessionAnalyzer newAnalyzer() {
      return new SessionAnalyzer(detector, rules, taxonomy, counterfeit);
    }
  }
}
