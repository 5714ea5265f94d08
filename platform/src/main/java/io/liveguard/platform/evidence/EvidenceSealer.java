package io.liveguard.platform.evidence;

import io.liveguard.evidence.EvidenceDraft;
import io.liveguard.evidence.EvidenceVault;
import io.liveguard.evidence.SealedEvidence;
import io.liveguard.evidence.json.Json;
import io.liveguard.evidence.pkg.EvidenceManifest;
import io.liveguard.platform.audit.AuditSink;
import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.ingest.IngestBacklog;
import io.liveguard.platform.support.PollingWorker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seals committed evidence drafts through the {@link EvidenceVault} and appends the audit trail to
 * the same Merkle log.
 *
 * <p>Design: the analysis stores a draft in the finding's transaction (nothing acknowledged is
 * lost); after the commit this sealer seals it — blobs into the vault's store (SHA-256 and SM3),
 * the manifest into the log, a checkpoint signed with Ed25519 and SM2 and time-stamped (RFC 3161).
 * A pool of {@code liveguard.evidence.sealers} threads seals drafts in batches of up to {@value
 * #CHUNK} ({@link EvidenceVault#sealAll}: one log append, one checkpoint signature and one
 * timestamp token per batch; each draft is still its own evidence with its own package), and the
 * threads' file forces overlap. No database lock is held while sealing; each batch is recorded in
 * one short transaction ({@code evidence.vault_id}, delete from {@code evidence_pending}). One
 * draft is sealed by one thread at a time ({@link #seal(long)} joins a seal in progress). A crash
 * after the vault's append but before the database records it leaves the manifest in the log with
 * the draft still pending; at the next start {@link #adoptUnrecorded()} finds it among the last
 * {@value #RECOVERY_WINDOW} log entries (its subject names the evidence row) and records it instead
 * of sealing the draft again. Audit entries appended but not recorded are adopted the same way, by
 * sequence number and hash. So the log holds each draft and audit entry once.
 *
 * <p>Sealing can yield to the live analysis (off by default): with {@code
 * liveguard.evidence.defer-while-backlog} set to N > 0, while at least N events wait to be analysed
 * the dispatcher leaves the drafts pending for up to {@code liveguard.evidence.max-seal-delay}
 * (default 10 s) and then seals whatever the backlog. The drafts are durable with their findings,
 * so deferring loses nothing. It is off by default because in the benchmark series of
 * docs/benchmarks.md it did not pay: when the backlog outlasts the delay, the deferred sealing
 * lands on the analysis all at once. {@link #seal(long)} (a package asked for) and {@link #drain()}
 * never defer.
 */
@Component
public class EvidenceSealer implements SmartLifecycle, AuditSink {
  static final int ROUND = 512;
  static final int CHUNK = 32;
  static final int AUDIT_BATCH = 1000;
  static final String AUDIT_TYPE = "liveguard.platform/audit/v1";
  static final long DEFER_BACKLOG = 0;

  /**
   * How many of the log's last entries {@link #adoptUnrecorded()} reads: far more than a crash can
   * leave unrecorded (the sealer threads' batches of {@value #CHUNK} and one audit batch of {@value
   * #AUDIT_BATCH}, plus custody events).
   */
  static final int RECOVERY_WINDOW = 10_000;

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(EvidenceSealer.class);

  private static final Pattern BLOB_KEY = Pattern.compile("[0-9a-f]{64}");

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;
  private final TransactionTemplate tx;
  private final EvidenceVault vault;
  private final JsonMapper json;
  private final String collector;
  private final int threads;
  private final ConcurrentHashMap<Long, CompletableFuture<Sealed>> inFlight =
      new ConcurrentHashMap<>();
  private final Object auditLock = new Object();
  private final AtomicLong sealedCount = new AtomicLong();
  private long auditMark;
  // Asked by the dispatcher thread only.
  private final SealDeferral deferral;
  private final AtomicLong deferredRounds = new AtomicLong();
  private ExecutorService pool;
  private volatile PollingWorker dispatcher;

  EvidenceSealer(
      JdbcClient jdbc,
      JdbcTemplate batch,
      TransactionTemplate tx,
      EvidenceVault vault,
      JsonMapper json,
      @Value("${liveguard.evidence.collector:LiveGuard 实时监测}") String collector,
      @Value("${liveguard.evidence.sealers:4}") int threads,
      IngestBacklog backlog,
      InstantSource clock,
      @Value("${liveguard.evidence.defer-while-backlog:" + DEFER_BACKLOG + "}") long deferBacklog,
      @Value("${liveguard.evidence.max-seal-delay:10s}") Duration maxDelay) {
    if (threads < 1 || threads > 64) {
      throw new IllegalArgumentException(
          "liveguard.evidence.sealers must be between 1 and 64, got " + threads);
    }
    this.deferral = new SealDeferral(backlog::events, clock, deferBacklog, maxDelay);
    this.jdbc = jdbc;
    this.batch = batch;
    this.tx = tx;
    this.vault = vault;
    this.json = json;
    this.collector = collector;
    this.threads = threads;
  }

  /**
   * Evidence sealed in the vault.
   *
   * @param vaultId the vault's evidence id (SHA-256 hex of the manifest bytes)
   * @param leafIndex the manifest's entry in the vault's log
   */
  public record Sealed(String vaultId, long leafIndex) {}

  @TransactionalEventListener
  void recorded(EvidenceStore.Recorded e) {
    wake();
  }

  @Override
  public void appended(AuditTrail.Entry entry) {
    // Called inside the audit entry's transaction: the dispatcher picks it up after the commit
    // (or within its polling interval).
    wake();
  }

  void wake() {
    PollingWorker d = dispatcher;
    if (d != null) {
      d.wake();
    }
  }

  /** The vault this sealer seals into. */
  public EvidenceVault vault() {
    return vault;
  }

  /** Drafts sealed since start. */
  public long sealedCount() {
    return sealedCount.get();
  }

  /** Dispatcher rounds that left the drafts pending for the analysis backlog, since start. */
  public long deferredRounds() {
    return deferredRounds.get();
  }

  private boolean deferring() {
    if (deferral.defer()) {
      deferredRounds.incrementAndGet();
      return true;
    }
    return false;
  }

  /** Drafts committed but not yet sealed. */
  public long pending() {
    return jdbc.sql("SELECT COUNT(*) FROM evidence_pending").query(Long.class).single();
  }

  /**
   * Seals evidence row {@code evidenceId} now unless it is sealed already (or joins the seal in
   * progress), and returns where it is in the vault.
   */
  public Sealed seal(long evidenceId) throws IOException {
    while (true) {
      CompletableFuture<Sealed> running = inFlight.get(evidenceId);
      if (running != null) {
        try {
          return running.get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the seal of " + evidenceId, e);
        } catch (ExecutionException e) {
          throw new IOException("sealing evidence " + evidenceId + " failed", e.getCause());
        }
      }
      Map<Long, Sealed> done = sealBatch(List.of(evidenceId));
      Sealed s = done.get(evidenceId);
      if (s != null) {
        return s;
      }
      // Another thread claimed it between the look-up and the claim: wait for that one.
    }
  }

  /**
   * Seals the given rows that no other thread is sealing, as one {@link EvidenceVault#sealAll}
   * batch, and records them in one transaction; returns what this call sealed or found sealed.
   */
  Map<Long, Sealed> sealBatch(List<Long> ids) throws IOException {
    Map<Long, CompletableFuture<Sealed>> mine = new LinkedHashMap<>();
    for (long id : ids) {
      CompletableFuture<Sealed> f = new CompletableFuture<>();
      if (inFlight.putIfAbsent(id, f) == null) {
        mine.put(id, f);
      }
    }
    Map<Long, Sealed> result = new LinkedHashMap<>();
    List<EvidenceDraft> drafts = new ArrayList<>();
    try {
      List<Long> todo = new ArrayList<>();
      Map<Long, Draft> rows = drafts(new ArrayList<>(mine.keySet()));
      for (long id : mine.keySet()) {
        Draft d = rows.get(id);
        if (d == null) {
          throw new IllegalArgumentException("no evidence row " + id);
        }
        if (d.sealed() != null) {
          result.put(id, d.sealed());
        } else {
          todo.add(id);
          drafts.add(toVaultDraft(d));
        }
      }
      if (!todo.isEmpty()) {
        List<SealedEvidence> out = vault.sealAll(drafts);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Integer> positions = new ArrayList<>();
        for (int k = 0; k < todo.size(); k++) {
          positions.add(k);
        }
        tx.executeWithoutResult(
            st -> {
              batch.batchUpdate(
                  "UPDATE evidence SET vault_id = ?, vault_index = ?, sealed_at = ? WHERE id = ?",
                  positions,
                  positions.size(),
                  (ps, k) -> {
                    ps.setString(1, out.get(k).id());
                    ps.setLong(2, out.get(k).leafIndex());
                    ps.setObject(3, now);
                    ps.setLong(4, todo.get(k));
                  });
              batch.batchUpdate(
                  "DELETE FROM evidence_pending WHERE evidence_id = ?",
                  todo,
                  todo.size(),
                  (ps, id) -> ps.setLong(1, id));
            });
        for (int k = 0; k < todo.size(); k++) {
          result.put(todo.get(k), new Sealed(out.get(k).id(), out.get(k).leafIndex()));
        }
        sealedCount.addAndGet(todo.size());
      }
      for (var e : mine.entrySet()) {
        e.getValue().complete(result.get(e.getKey()));
      }
      return result;
    } catch (IOException | RuntimeException e) {
      for (var f : mine.values()) {
        f.completeExceptionally(e);
      }
      throw e;
    } finally {
      for (var e : mine.entrySet()) {
        inFlight.remove(e.getKey(), e.getValue());
      }
      for (EvidenceDraft d : drafts) {
        for (EvidenceDraft.ItemSource i : d.items()) {
          try {
            i.content().close(); // a frame opened from the vault's store holds a file
          } catch (IOException ignored) {
            // nothing to release
          }
        }
      }
    }
  }

  /** Where row {@code evidenceId} is sealed, or null when it is not (yet). */
  Sealed sealed(long evidenceId) {
    return jdbc.sql("SELECT vault_id, vault_index FROM evidence WHERE id = ?")
        .param(evidenceId)
        .query(
            (rs, i) -> {
              String id = rs.getString(1);
              return id == null ? null : new Sealed(id, rs.getLong(2));
            })
        .optional()
        .orElse(null);
  }

  /**
   * An evidence row: the platform's draft, where it is sealed (null while it is not), and where
   * each of its items is kept until sealed, by the draft's blob role.
   */
  private record Draft(long id, String draft, Sealed sealed, Map<String, String> sources) {}

  /** The evidence rows {@code ids} with the sources of their items, in one query per 500 rows. */
  private Map<Long, Draft> drafts(List<Long> ids) {
    Map<Long, Draft> out = new HashMap<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<Long> part = ids.subList(from, Math.min(ids.size(), from + 500));
      batch.query(
          "SELECT e.id, e.manifest, e.vault_id, e.vault_index, p.item_text, p.item_listing,"
              + " p.item_prices, p.item_media, f.body, ev.body FROM evidence e JOIN finding f ON"
              + " f.id = e.finding_id JOIN event ev ON ev.seq = f.event_seq LEFT JOIN"
              + " evidence_pending p ON p.evidence_id = e.id WHERE e.id IN ("
              + String.join(",", Collections.nCopies(part.size(), "?"))
              + ")",
          rs -> {
            long id = rs.getLong(1);
            String vaultId = rs.getString(3);
            Sealed sealed = vaultId == null ? null : new Sealed(vaultId, rs.getLong(4));
            Map<String, String> sources = new HashMap<>();
            sources.put("text", rs.getString(5));
            sources.put("listing_snapshot", rs.getString(6));
            sources.put("price_history", rs.getString(7));
            sources.put("media_reference", rs.getString(8));
            sources.put("finding", rs.getString(9));
            sources.put("event", rs.getString(10));
            out.put(id, new Draft(id, rs.getString(2), sealed, sources));
          },
          part.toArray());
    }
    return out;
  }

  /**
   * The bytes of a draft's item: from where the platform keeps it until sealed (checked against the
   * digest the draft lists), else from {@code evidence_blob} (drafts recorded before V65), else
   * from the vault's store (an earlier, interrupted seal put it there).
   */
  private byte[] content(Draft d, String role, String sha) throws IOException {
    String source = d.sources().get(role);
    if (source != null) {
      byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
      if (EvidenceStore.sha256(bytes).equals(sha)) {
        return bytes;
      }
    }
    var legacy =
        jdbc.sql("SELECT content FROM evidence_blob WHERE sha256 = ?")
            .param(sha)
            .query(byte[].class)
            .optional();
    if (legacy.isPresent()) {
      return legacy.get();
    }
    if (BLOB_KEY.matcher(sha).matches() && vault.store().stat(sha).isPresent()) {
      try (var in = vault.store().open(sha)) {
        return in.readAllBytes();
      }
    }
    throw new IllegalStateException(
        "evidence " + d.id() + ": item " + role + " (" + sha + ") is missing");
  }

  /** Vault item roles for the draft's blob roles (docs/platform.md). */
  static String itemRole(String draftRole) {
    return switch (draftRole) {
      case "text" -> "transcript";
      case "listing_snapshot" -> "listing";
      default -> draftRole;
    };
  }

  static String itemName(String draftRole) {
    return switch (draftRole) {
      case "text" -> "transcript.txt";
      case "listing_snapshot" -> "listing-snapshot.json";
      case "price_history" -> "price-history.json";
      case "media_reference" -> "media-reference.json";
      default -> draftRole + ".json";
    };
  }

  /** The vault draft: the blobs the platform fixed, the detection, the subject, the collector. */
  EvidenceDraft toVaultDraft(Draft d) throws IOException {
    JsonNode m = json.readTree(d.draft());
    List<EvidenceDraft.ItemSource> items = new ArrayList<>();
    for (JsonNode b : m.get("blobs")) {
      String sha = b.get("sha256").asString();
      String role = b.get("role").asString();
      byte[] content = content(d, role, sha);
      items.add(
          new EvidenceDraft.ItemSource(
              itemRole(role),
              itemName(role),
              b.get("media_type").asString(),
              new ByteArrayInputStream(content)));
    }
    JsonNode media = m.get("media");
    if (media != null && media.isString()) {
      String ref = media.asString().replaceFirst("^sha256:", "").toLowerCase(java.util.Locale.ROOT);
      // A frame or slice already in the vault's store (the media pipeline put it there) is
      // sealed with the finding; any other reference is sealed as the reference only.
      if (ref.matches("[0-9a-f]{64}") && vault.store().stat(ref).isPresent()) {
        items.add(
            new EvidenceDraft.ItemSource(
                "frame",
                "frame-" + ref.substring(0, 12),
                "application/octet-stream",
                vault.store().open(ref)));
      }
    }
    JsonNode f = m.get("finding");
    String matched = f.has("matched") ? f.get("matched").asString() : "";
    EvidenceManifest.Detection detection =
        new EvidenceManifest.Detection(f.get("rule").asString(), matched, m.get("at").asString());
    Map<String, String> subject = new LinkedHashMap<>();
    subject.put("platform", m.get("platform").asString());
    subject.put("room", m.get("room").asString());
    subject.put("session", m.get("session").asString());
    subject.put("event", m.get("event_id").asString());
    subject.put("lead", Long.toString(m.get("lead_id").asLong()));
    subject.put("finding", Long.toString(m.get("finding_id").asLong()));
    subject.put("evidence", Long.toString(d.id()));
    return new EvidenceDraft(items, detection, subject, collector, m.get("at").asString());
  }

  /**
   * Seals everything pending and appends the audit entries committed so far, in the caller's thread
   * and the pool; returns how many drafts were sealed.
   */
  public int drain() throws IOException {
    int total = 0;
    int n;
    while ((n = round()) > 0) {
      total += n;
    }
    appendAudit();
    return total;
  }

  private int round() throws IOException {
    List<Long> ids =
        jdbc.sql("SELECT evidence_id FROM evidence_pending ORDER BY evidence_id LIMIT ?")
            .param(ROUND)
            .query(Long.class)
            .list();
    if (ids.isEmpty()) {
      return 0;
    }
    List<List<Long>> chunks = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += CHUNK) {
      chunks.add(ids.subList(i, Math.min(ids.size(), i + CHUNK)));
    }
    ExecutorService p = pool;
    List<Future<Map<Long, Sealed>>> futures = new ArrayList<>();
    for (List<Long> c : chunks) {
      if (p == null) {
        sealBatch(c);
      } else {
        futures.add(p.submit(() -> sealBatch(c)));
      }
    }
    IOException first = null;
    int failed = 0;
    for (Future<Map<Long, Sealed>> fu : futures) {
      try {
        fu.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while sealing", e);
      } catch (ExecutionException e) {
        failed++;
        if (first == null) {
          first =
              e.getCause() instanceof IOException io
                  ? io
                  : new IOException(e.getCause().getMessage(), e.getCause());
        }
      }
    }
    if (first != null) {
      throw new IOException(
          failed + " of " + chunks.size() + " batches could not be sealed: " + first.getMessage(),
          first);
    }
    return ids.size();
  }

  /**
   * Appends committed audit entries to the vault's log in chain order (canonical JSON of type
   * {@value #AUDIT_TYPE}), records their indices, and signs a checkpoint covering them.
   */
  public int appendAudit() throws IOException {
    synchronized (auditLock) {
      int total = 0;
      while (true) {
        List<Map<String, Object>> rows =
            jdbc.sql(
                    "SELECT seq, at, actor, action, target, detail, prev_hash, hash FROM"
                        + " audit_entry WHERE seq > ? AND vault_index IS NULL ORDER BY seq"
                        + " LIMIT ?")
                .params(auditMark, AUDIT_BATCH)
                .query(
                    (rs, i) -> {
                      Map<String, Object> m = new TreeMap<>();
                      m.put("type", AUDIT_TYPE);
                      m.put("seq", rs.getLong(1));
                      m.put("at", rs.getObject(2, OffsetDateTime.class).toInstant().toString());
                      m.put("actor", rs.getString(3));
                      m.put("action", rs.getString(4));
                      m.put("target", rs.getString(5));
                      m.put("detail", rs.getString(6));
                      m.put("prevHash", rs.getString(7));
                      m.put("hash", rs.getString(8));
                      return m;
                    })
                .list();
        if (rows.isEmpty()) {
          break;
        }
        List<byte[]> entries = new ArrayList<>();
        for (Map<String, Object> r : rows) {
          entries.add(Json.canonical(r));
        }
        List<Long> idx = vault.log().appendAll(entries);
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
          positions.add(i);
        }
        tx.executeWithoutResult(
            st ->
                batch.batchUpdate(
                    "UPDATE audit_entry SET vault_index = ? WHERE seq = ?",
                    positions,
                    positions.size(),
                    (ps, i) -> {
                      ps.setLong(1, idx.get(i));
                      ps.setLong(2, (Long) rows.get(i).get("seq"));
                    }));
        // Audit seqs are assigned under the audit_head row lock, so they commit in order.
        auditMark = (Long) rows.get(rows.size() - 1).get("seq");
        total += rows.size();
      }
      if (total > 0) {
        vault.checkpoint();
      }
      return total;
    }
  }

  /**
   * Records what a crash left appended to the vault's log but unrecorded in the database: evidence
   * manifests of drafts still pending (matched by the evidence and finding ids their subject names)
   * and audit entries without an index (matched by sequence number and hash). Reads the last
   * {@value #RECOVERY_WINDOW} entries, newest first, and only when something is unrecorded at all.
   * Returns how many entries it adopted.
   */
  public synchronized int adoptUnrecorded() throws IOException {
    Map<Long, Long> pending = new HashMap<>(); // evidence id -> finding id
    jdbc.sql(
            "SELECT p.evidence_id, e.finding_id FROM evidence_pending p JOIN evidence e ON e.id ="
                + " p.evidence_id WHERE e.vault_id IS NULL")
        .query(
            rs -> {
              pending.put(rs.getLong(1), rs.getLong(2));
            });
    Map<Long, String> audit = new HashMap<>(); // seq -> hash
    jdbc.sql("SELECT seq, hash FROM audit_entry WHERE vault_index IS NULL")
        .query(
            rs -> {
              audit.put(rs.getLong(1), rs.getString(2));
            });
    if (pending.isEmpty() && audit.isEmpty()) {
      return 0;
    }
    long size = vault.log().size();
    int adopted = 0;
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    for (long i = size - 1; i >= Math.max(0, size - RECOVERY_WINDOW); i--) {
      if (pending.isEmpty() && audit.isEmpty()) {
        break;
      }
      JsonNode entry;
      try {
        entry = json.readTree(vault.log().entry(i));
      } catch (RuntimeException notJson) {
        continue;
      }
      String type = entry.path("type").asString("");
      if (type.equals(EvidenceManifest.TYPE)) {
        JsonNode subject = entry.path("subject");
        long evidence = number(subject.path("evidence"));
        Long finding = pending.get(evidence);
        if (finding == null || number(subject.path("finding")) != finding) {
          continue;
        }
        EvidenceVault.Adopted a = vault.adopt(i);
        if (a == null) {
          continue;
        }
        int n =
            tx.execute(
                st -> {
                  int u =
                      jdbc.sql(
                              "UPDATE evidence SET vault_id = ?, vault_index = ?, sealed_at = ?"
                                  + " WHERE id = ? AND vault_id IS NULL")
                          .params(a.id(), a.leafIndex(), now, evidence)
                          .update();
                  jdbc.sql("DELETE FROM evidence_pending WHERE evidence_id = ?")
                      .param(evidence)
                      .update();
                  return u;
                });
        pending.remove(evidence);
        adopted += n;
      } else if (type.equals(AUDIT_TYPE)) {
        long seq = number(entry.path("seq"));
        String hash = audit.get(seq);
        if (hash == null || !hash.equals(entry.path("hash").asString(""))) {
          continue;
        }
        long index = i;
        adopted +=
            tx.execute(
                st ->
                    jdbc.sql(
                            "UPDATE audit_entry SET vault_index = ? WHERE seq = ? AND vault_index"
                                + " IS NULL")
                        .params(index, seq)
                        .update());
        audit.remove(seq);
      }
    }
    if (adopted > 0) {
      log.warn(
          "adopted {} vault log entries appended before a crash but not recorded (not sealed"
              + " again)",
          adopted);
    }
    return adopted;
  }

  /** A number written as a JSON number or string (a manifest's subject holds strings), or -1. */
  private static long number(JsonNode n) {
    if (n.isIntegralNumber()) {
      return n.longValue();
    }
    try {
      return n.isString() ? Long.parseLong(n.stringValue()) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The audit entry at {@code index} of the vault's log, as appended. */
  public byte[] entry(long index) throws IOException {
    return vault.log().entry(index);
  }

  @Override
  public void start() {
    try {
      adoptUnrecorded();
    } catch (IOException | RuntimeException e) {
      // Not fatal: an unrecorded draft is then sealed again, as before this recovery existed.
      log.warn("could not adopt unrecorded vault log entries: {}", e.toString());
    }
    AtomicInteger n = new AtomicInteger();
    pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "evidence-sealer-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    dispatcher =
        new PollingWorker(
            "evidence-sealer",
            Duration.ofMillis(250),
            Duration.ofSeconds(1),
            "sealing evidence into the vault failed",
            () -> {
              // Woken again by the analysis's next commit, or polled within a second.
              int sealed = deferring() ? 0 : round();
              appendAudit();
              return sealed;
            });
    dispatcher.start();
  }

  @Override
  public void stop() {
    PollingWorker d = dispatcher;
    if (d != null) {
      d.stop(Duration.ofSeconds(10));
    }
    if (pool != null) {
      pool.shutdown();
      try {
        pool.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    PollingWorker d = dispatcher;
    return d != null && d.running();
  }

  @Override
  public int getPhase() {
    // Started before and stopped after the live analysis (default phase): drafts it commits
    // while stopping are sealed or stay pending for the next start.
    return Integer.MAX_VALUE - 100;
  }
}
