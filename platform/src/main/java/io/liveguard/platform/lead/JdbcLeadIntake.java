package io.liveguard.platform.lead;

import io.liveguard.detect.FindingJson;
import io.liveguard.detect.Severity;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Groups findings into leads in the database. Called with the findings of one analysis round (or a
 * complaint): the open leads remembered from earlier rounds (one query for the others), one update
 * per lead in one JDBC batch, the findings in one JDBC batch, then the evidence of the new findings
 * in one call.
 */
@Component
class JdbcLeadIntake implements LeadIntake {
  static final int MAX_OPEN_LEADS = 100_000;
  private final InstantSource clock;
  private final JdbcTemplate batch;
  private final EvidenceRecorder evidence;
  private final AtomicLong recorded = new AtomicLong();
  private final AtomicLong leadNanos = new AtomicLong();
  private final AtomicLong cacheHits = new AtomicLong();
  private final AtomicLong lookUps = new AtomicLong();
  // Open lead id by open key, as committed by earlier calls; checked by every update (see leads).
  private final Map<String, Long> openLeads =
      new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > MAX_OPEN_LEADS;
        }
      };
  private final AtomicLong writeNanos = new AtomicLong();
  private final AtomicLong evidenceNanos = new AtomicLong();

  JdbcLeadIntake(JdbcTemplate batch, InstantSource clock, EvidenceRecorder evidence) {
    this.batch = batch;
    this.clock = clock;
    this.evidence = evidence;
  }

  static int rank(Severity s) {
    return s.ordinal() + 1;
  }

  static String openKey(String platform, String room, String session, String family) {
    return platform + "|" + room + "|" + session + "|" + family;
  }

  @Override
  @Transactional
  public void accept(List<RaisedFinding> findings) {
    if (findings.isEmpty()) {
      return;
    }
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    long t0 = System.nanoTime();
    List<Row> rows = new ArrayList<>(findings.size());
    Set<List<Object>> keys = new HashSet<>();
    Set<List<Object>> stored = storedKeys(findings);
    // Per open key, in order of first appearance: the findings' count, latest sighting, highest
    // severity, and the first finding (which opens the lead when there is none).
    Map<String, Agg> perKey = new LinkedHashMap<>();
    for (RaisedFinding r : findings) {
      var f = r.finding();
      // A finding already stored (or twice in this call) changes nothing.
      if (stored.contains(key(r)) || !keys.add(key(r))) {
        continue;
      }
      String key = openKey(r.platform(), r.room(), r.session(), f.category());
      OffsetDateTime at = OffsetDateTime.ofInstant(r.at(), ZoneOffset.UTC);
      rows.add(new Row(r, key, at, FindingJson.toJson(f)));
      perKey.computeIfAbsent(key, k -> new Agg(r, at)).add(at, rank(f.severity()));
    }
    if (rows.isEmpty()) {
      return;
    }
    Map<String, Long> leads = leads(perKey, now);
    long t1 = System.nanoTime();
    batch.batchUpdate(
        "INSERT INTO finding (lead_id, event_seq, event_id, rule, category, severity, channel,"
            + " span_begin, span_end, term, body, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
            + " ?, ?, ?) ON CONFLICT DO NOTHING",
        rows,
        rows.size(),
        (ps, row) -> {
          var f = row.raised().finding();
          ps.setLong(1, leads.get(row.openKey()));
          ps.setLong(2, row.raised().eventSeq());
          ps.setString(3, row.raised().eventId());
          ps.setString(4, f.rule());
          ps.setString(5, f.category());
          ps.setString(6, f.severity().name().toLowerCase(Locale.ROOT));
          ps.setString(7, f.channel().name().toLowerCase(Locale.ROOT));
          ps.setInt(8, f.begin());
          ps.setInt(9, f.end());
          ps.setString(10, f.term());
          ps.setString(11, row.json());
          ps.setObject(12, row.at());
        });
    Map<List<Object>, Long> ids = findingIds(rows);
    long t2 = System.nanoTime();
    List<EvidenceRecorder.Stored> recorded = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Long findingId = ids.get(key(row.raised()));
      if (findingId == null) {
        throw new IllegalStateException("finding " + key(row.raised()) + " was not stored");
      }
      recorded.add(
          new EvidenceRecorder.Stored(
              findingId, leads.get(row.openKey()), row.raised(), row.json()));
    }
    evidence.recordAll(recorded);
    leadNanos.addAndGet(t1 - t0);
    writeNanos.addAndGet(t2 - t1);
    evidenceNanos.addAndGet(System.nanoTime() - t2);
    this.recorded.addAndGet(rows.size());
  }

  /**
   * The open lead of each key, updated with its new findings (count, latest sighting, highest
   * severity). A lead remembered from an earlier call is used only if the update still finds it
   * open under its key: the update locks it, so an officer's dismissal or closing either committed
   * before (and the findings go to the lead found or opened instead) or waits for this transaction.
   */
  private Map<String, Long> leads(Map<String, Agg> perKey, OffsetDateTime now) {
    Map<String, Long> out = new HashMap<>();
    Map<String, Long> candidates = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    synchronized (openLeads) {
      for (String key : perKey.keySet()) {
        Long id = openLeads.get(key);
        if (id == null) {
          unknown.add(key);
        } else {
          candidates.put(key, id);
        }
      }
    }
    cacheHits.addAndGet(candidates.size());
    List<String> closed = new ArrayList<>();
    for (int attempt = 0; ; attempt++) {
      candidates.putAll(lookUp(unknown));
      List<String> toOpen = new ArrayList<>();
      for (String key : unknown) {
        if (!candidates.containsKey(key)) {
          toOpen.add(key);
        }
      }
      candidates.putAll(open(toOpen, perKey, now));
      closed.clear();
      List<Map.Entry<String, Long>> updates = new ArrayList<>(candidates.entrySet());
      int[][] counts =
          batch.batchUpdate(
              "UPDATE lead SET finding_count = finding_count + ?, last_seen = CASE WHEN last_seen"
                  + " < ? THEN ? ELSE last_seen END, severity = CASE WHEN severity_rank < ? THEN ?"
                  + " ELSE severity END, severity_rank = CASE WHEN severity_rank < ? THEN ? ELSE"
                  + " severity_rank END, updated_at = ? WHERE id = ? AND open_key = ?",
              updates,
              updates.size(),
              (ps, e) -> {
                Agg agg = perKey.get(e.getKey());
                OffsetDateTime last =
                    OffsetDateTime.ofInstant(Instant.ofEpochMilli(agg.lastMillis), ZoneOffset.UTC);
                String severity = Severity.values()[agg.rank - 1].name().toLowerCase(Locale.ROOT);
                ps.setInt(1, agg.count);
                ps.setObject(2, last);
                ps.setObject(3, last);
                ps.setInt(4, agg.rank);
                ps.setString(5, severity);
                ps.setInt(6, agg.rank);
                ps.setInt(7, agg.rank);
                ps.setObject(8, now);
                ps.setLong(9, e.getValue());
                ps.setString(10, e.getKey());
              });
      int[] flat = flatten(counts);
      if (flat.length != updates.size()) {
        throw new IllegalStateException(
            "lead update: " + flat.length + " counts for " + updates.size() + " statements");
      }
      List<Long> unsure = new ArrayList<>();
      for (int i = 0; i < flat.length; i++) {
        if (flat[i] == java.sql.Statement.SUCCESS_NO_INFO) {
          unsure.add(updates.get(i).getValue());
        } else if (flat[i] != 1) {
          closed.add(updates.get(i).getKey());
        }
      }
      if (!unsure.isEmpty()) {
        // The driver did not say which rows it changed; the updated rows are locked now.
        Set<Long> open = stillOpen(unsure);
        for (Map.Entry<String, Long> e : updates) {
          if (unsure.contains(e.getValue()) && !open.contains(e.getValue())) {
            closed.add(e.getKey());
          }
        }
      }
      for (Map.Entry<String, Long> e : updates) {
        if (!closed.contains(e.getKey())) {
          out.put(e.getKey(), e.getValue());
        }
      }
      if (closed.isEmpty()) {
        break;
      }
      if (attempt >= 3) {
        throw new IllegalStateException("leads " + closed + " keep closing while findings join");
      }
      // Closed (dismissed, closed) since it was remembered: find or open the key's lead anew.
      synchronized (openLeads) {
        closed.forEach(openLeads::remove);
      }
      candidates.clear();
      unknown = new ArrayList<>(closed);
    }
    remember(out);
    return out;
  }

  /**
   * Remembers the open leads of this transaction once it commits; forgets every lead when it rolls
   * back (a lead it opened is gone then).
   */
  private void remember(Map<String, Long> leads) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            synchronized (openLeads) {
              if (status == STATUS_COMMITTED) {
                openLeads.putAll(leads);
              } else {
                openLeads.clear();
              }
            }
          }
        });
  }

  /** The open leads of these keys, in one query per 500 keys. */
  private Map<String, Long> lookUp(List<String> keys) {
    Map<String, Long> out = new HashMap<>();
    for (int from = 0; from < keys.size(); from += 500) {
      List<String> part = keys.subList(from, Math.min(keys.size(), from + 500));
      batch.query(
          "SELECT open_key, id FROM lead WHERE open_key IN ("
              + String.join(",", Collections.nCopies(part.size(), "?"))
              + ")",
          rs -> {
            out.put(rs.getString(1), rs.getLong(2));
          },
          part.toArray());
    }
    lookUps.addAndGet(keys.size());
    return out;
  }

  private Set<Long> stillOpen(List<Long> ids) {
    Set<Long> out = new HashSet<>();
    batch.query(
        "SELECT id FROM lead WHERE open_key IS NOT NULL AND id IN ("
            + String.join(",", Collections.nCopies(ids.size(), "?"))
            + ")",
        rs -> {
          out.add(rs.getLong(1));
        },
        ids.toArray());
    return out;
  }

  private static int[] flatten(int[][] counts) {
    int n = 0;
    for (int[] c : counts) {
      n += c.length;
    }
    int[] out = new int[n];
    int i = 0;
    for (int[] c : counts) {
      for (int x : c) {
        out[i++] = x;
      }
    }
    return out;
  }

  @Override
  public Map<String, Long> timings() {
    return Map.of(
        "findingsStored",
        recorded.get(),
        "leadsMs",
        leadNanos.get() / 1_000_000,
        "leadCacheHits",
        cacheHits.get(),
        "leadLookUps",
        lookUps.get(),
        "findingWritesMs",
        writeNanos.get() / 1_000_000,
        "evidenceMs",
        evidenceNanos.get() / 1_000_000);
  }

  /** A finding to store with the open key of its lead. */
  private record Row(RaisedFinding raised, String openKey, OffsetDateTime at, String json) {}

  /** What the findings of one open key add to its lead. */
  private static final class Agg {
    private final RaisedFinding first;
    private final OffsetDateTime firstAt;
    int count;
    long lastMillis = Long.MIN_VALUE;
    int rank;

    Agg(RaisedFinding first, OffsetDateTime firstAt) {
      this.first = first;
      this.firstAt = firstAt;
    }

    RaisedFinding first() {
      return first;
    }

    void add(OffsetDateTime at, int rank) {
      count++;
      lastMillis = Math.max(lastMillis, at.toInstant().toEpochMilli());
      this.rank = Math.max(this.rank, rank);
    }
  }

  /** The unique key of a stored finding: event seq, rule, span. */
  private static List<Object> key(RaisedFinding r) {
    return List.of(r.eventSeq(), r.finding().rule(), r.finding().begin(), r.finding().end());
  }

  private static List<Object> key(java.sql.ResultSet rs) throws java.sql.SQLException {
    return List.of(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4));
  }

  /** The keys of the stored findings on the events these findings rest on. */
  private Set<List<Object>> storedKeys(List<RaisedFinding> findings) {
    Set<List<Object>> out = new HashSet<>();
    forEventSeqs(
        findings.stream().map(RaisedFinding::eventSeq).distinct().toList(),
        "event_seq, rule, span_begin, span_end",
        rs -> out.add(key(rs)));
    return out;
  }

  private Map<List<Object>, Long> findingIds(List<Row> rows) {
    Map<List<Object>, Long> out = new HashMap<>();
    forEventSeqs(
        rows.stream().map(r -> r.raised().eventSeq()).distinct().toList(),
        "event_seq, rule, span_begin, span_end, id",
        rs -> out.put(key(rs), rs.getLong(5)));
    return out;
  }

  private void forEventSeqs(
      List<Long> seqs, String columns, org.springframework.jdbc.core.RowCallbackHandler rows) {
    for (int from = 0; from < seqs.size(); from += 500) {
      List<Long> part = seqs.subList(from, Math.min(seqs.size(), from + 500));
      batch.query(
          "SELECT "
              + columns
              + " FROM finding WHERE event_seq IN ("
              + String.join(",", Collections.nCopies(part.size(), "?"))
              + ")",
          rows,
          part.toArray());
    }
  }

  /** What a new lead takes from its room: id, jurisdiction code and path, enterprise id. */
  private record RoomInfo(long id, String jurisdiction, String path, Long enterprise) {}

  /**
   * Opens a lead for each key (its first finding gives session, family and severity), in a batch; a
   * room known only through its events is registered first.
   */
  private Map<String, Long> open(List<String> keys, Map<String, Agg> perKey, OffsetDateTime now) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Map<List<String>, RoomInfo> rooms = rooms(keys, perKey);
    List<List<String>> unknownRooms = new ArrayList<>();
    for (String key : keys) {
      RaisedFinding r = perKey.get(key).first();
      List<String> room = List.of(r.platform(), r.room());
      if (!rooms.containsKey(room) && !unknownRooms.contains(room)) {
        unknownRooms.add(room);
      }
    }
    if (!unknownRooms.isEmpty()) {
      // Known by id only, no jurisdiction until registered.
      batch.batchUpdate(
          "INSERT INTO room (platform, external_id, registered) VALUES (?, ?, FALSE)",
          unknownRooms,
          unknownRooms.size(),
          (ps, room) -> {
            ps.setString(1, room.get(0));
            ps.setString(2, room.get(1));
          });
      rooms = rooms(keys, perKey);
    }
    Map<List<String>, RoomInfo> info = rooms;
    batch.batchUpdate(
        "INSERT INTO lead (platform, room, session, room_id, family, open_key, severity,"
            + " severity_rank, status, jurisdiction_code, jurisdiction_path, enterprise_id,"
            + " finding_count, first_seen, last_seen, created_at, updated_at) VALUES (?, ?, ?, ?,"
            + " ?, ?, ?, ?, 'new', ?, ?, ?, 0, ?, ?, ?, ?)",
        keys,
        keys.size(),
        (ps, key) -> {
          Agg a = perKey.get(key);
          RaisedFinding r = a.first();
          RoomInfo room = info.get(List.of(r.platform(), r.room()));
          if (room == null) {
            throw new IllegalStateException("room " + r.platform() + "/" + r.room() + " missing");
          }
          var f = r.finding();
          ps.setString(1, r.platform());
          ps.setString(2, r.room());
          ps.setString(3, r.session());
          ps.setLong(4, room.id());
          ps.setString(5, f.category());
          ps.setString(6, key);
          ps.setString(7, f.severity().name().toLowerCase(Locale.ROOT));
          ps.setInt(8, rank(f.severity()));
          ps.setString(9, room.jurisdiction());
          ps.setString(10, room.path());
          if (room.enterprise() == null) {
            ps.setNull(11, java.sql.Types.BIGINT);
          } else {
            ps.setLong(11, room.enterprise());
          }
          ps.setObject(12, a.firstAt);
          ps.setObject(13, a.firstAt);
          ps.setObject(14, now);
          ps.setObject(15, now);
        });
    Map<String, Long> ids = lookUp(keys);
    for (String key : keys) {
      if (!ids.containsKey(key)) {
        throw new IllegalStateException("lead " + key + " was not stored");
      }
    }
    return ids;
  }

  /** The registered (or event-known) rooms of these keys' first findings, one query a platform. */
  private Map<List<String>, RoomInfo> rooms(List<String> keys, Map<String, Agg> perKey) {
    Map<String, Set<String>> byPlatform = new LinkedHashMap<>();
    for (String key : keys) {
      RaisedFinding r = perKey.get(key).first();
      byPlatform.computeIfAbsent(r.platform(), p -> new java.util.LinkedHashSet<>()).add(r.room());
    }
    Map<List<String>, RoomInfo> out = new HashMap<>();
    for (var e : byPlatform.entrySet()) {
      List<String> ids = new ArrayList<>(e.getValue());
      for (int from = 0; from < ids.size(); from += 500) {
        List<String> part = ids.subList(from, Math.min(ids.size(), from + 500));
        List<Object> params = new ArrayList<>();
        params.add(e.getKey());
        params.addAll(part);
        batch.query(
            "SELECT r.external_id, r.id, r.jurisdiction_code, j.path, r.enterprise_id FROM room r"
                + " LEFT JOIN jurisdiction j ON j.code = r.jurisdiction_code WHERE r.platform = ?"
                + " AND r.external_id IN ("
                + String.join(",", Collections.nCopies(part.size(), "?"))
                + ")",
            rs -> {
              long enterprise = rs.getLong(5);
              Long ent = rs.wasNull() ? null : enterprise;
              out.put(
                  List.of(e.getKey(), rs.getString(1)),
                  new RoomInfo(rs.getLong(2), rs.getString(3), rs.getString(4), ent));
            },
            params.toArray());
      }
    }
    return out;
  }
}
