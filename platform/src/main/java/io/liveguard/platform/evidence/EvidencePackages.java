package io.liveguard.platform.evidence;

import io.liveguard.evidence.checkpoint.Checkpoint;
import io.liveguard.evidence.checkpoint.SignedNote;
import io.liveguard.evidence.log.InclusionProof;
import io.liveguard.evidence.verify.PackageVerifier;
import io.liveguard.evidence.verify.VerificationReport;
import io.liveguard.platform.audit.AuditTrail;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The evidence of findings as the console sees it: stored records and their blobs, the sealed
 * package ({@link io.liveguard.evidence.EvidenceVault#exportPackage}, the zip that {@code GET
 * /api/v1/evidence/{id}/package} serves and {@code liveguard evidence verify} checks offline), its
 * inclusion proof for the dossier, and a verification of the package by the evidence module's own
 * {@link PackageVerifier} against this node's trust policy (not merely the policy the package
 * embeds: a package cannot vouch for itself). Callers check visibility first.
 *
 * <p>Exporting records an {@code exported} custody event and signs a checkpoint, so a verification
 * for the review desk is kept for {@link #VERIFIED_FOR} per record rather than redone on every page
 * view.
 */
@Service
public class EvidencePackages {
  static final Duration VERIFIED_FOR = Duration.ofMinutes(10);
  private static final int MAX_CACHED = 2048;
  private static final Pattern BLOB_KEY = Pattern.compile("[0-9a-f]{64}");

  private final JdbcClient jdbc;
  private final EvidenceSealer sealer;
  private final AuditTrail audit;
  private final InstantSource clock;
  private final Map<Long, Cached> verified =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Cached> eldest) {
          return size() > MAX_CACHED;
        }
      };

  EvidencePackages(JdbcClient jdbc, EvidenceSealer sealer, AuditTrail audit, InstantSource clock) {
    this.jdbc = jdbc;
    this.sealer = sealer;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * A stored evidence record: the platform's draft manifest (canonical JSON), its SHA-256, and its
   * entry in the vault's log once sealed.
   */
  public record Item(long id, long leadId, String manifest, String sha256, Long logIndex) {}

  /**
   * One check of a verification. {@code label}, when present, is the verifier's own wording (it
   * reports in Chinese); otherwise {@code name} is a message key suffix ({@code evidence.check.*}).
   */
  public record Check(String name, boolean ok, String detail, String label) {
    public Check(String name, boolean ok, String detail) {
      this(name, ok, detail, null);
    }
  }

  /** The outcome of verifying a package: every check, passed or not. */
  public record Verification(List<Check> checks) {
    public boolean ok() {
      return !checks.isEmpty() && checks.stream().allMatch(Check::ok);
    }
  }

  /** Where a sealed record is in the vault's log, with a fresh signed checkpoint covering it. */
  public record Proof(
      String vaultId, long index, long treeSize, List<String> hashes, String checkpoint) {}

  private record Cached(Verification v, long atMillis) {}

  private static final String COLUMNS =
      "SELECT id, lead_id, manifest, manifest_sha256, vault_index FROM evidence";

  private static Item item(java.sql.ResultSet rs) throws java.sql.SQLException {
    long idx = rs.getLong(5);
    // wasNull() refers to the last column read: ask right after reading vault_index.
    Long logIndex = rs.wasNull() ? null : idx;
    return new Item(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), logIndex);
  }

  public Optional<Item> item(long id) {
    return jdbc.sql(COLUMNS + " WHERE id = ?").param(id).query((rs, i) -> item(rs)).optional();
  }

  /** The evidence records of a lead, oldest first, at most {@code limit}. */
  public List<Item> ofLead(long leadId, int limit) {
    return jdbc.sql(COLUMNS + " WHERE lead_id = ? ORDER BY id LIMIT ?")
        .params(leadId, limit)
        .query((rs, i) -> item(rs))
        .list();
  }

  /**
   * An item of record {@code r} by its SHA-256, or empty: from the vault's store, where sealed
   * items are kept (the record is sealed first when it is not yet), or from {@code evidence_blob}
   * for records drafted before V65.
   */
  public Optional<byte[]> blob(Item r, String sha256) {
    if (!BLOB_KEY.matcher(sha256).matches()) {
      return Optional.empty();
    }
    try {
      Optional<byte[]> stored = stored(sha256);
      if (stored.isPresent() || r.logIndex() != null) {
        return stored;
      }
      sealer.seal(r.id());
      return stored(sha256);
    } catch (IOException e) {
      throw new UncheckedIOException("evidence " + r.id() + ": item " + sha256, e);
    }
  }

  private Optional<byte[]> stored(String sha256) throws IOException {
    if (sealer.vault().store().stat(sha256).isPresent()) {
      try (var in = sealer.vault().store().open(sha256)) {
        return Optional.of(in.readAllBytes());
      }
    }
    return jdbc.sql("SELECT content FROM evidence_blob WHERE sha256 = ?")
        .param(sha256)
        .query(byte[].class)
        .optional();
  }

  /**
   * The inclusion proof of a record under a newly signed checkpoint, sealing it first if needed.
   */
  public Proof proof(Item r) throws IOException {
    EvidenceSealer.Sealed s = sealer.seal(r.id());
    SignedNote note = sealer.vault().checkpoint();
    long size;
    try {
      size = Checkpoint.parse(note.text()).size();
    } catch (Exception e) {
      throw new IOException("the vault signed an unreadable checkpoint: " + e.getMessage(), e);
    }
    InclusionProof p = sealer.vault().log().inclusionProof(s.leafIndex(), size);
    List<String> hashes = p.hashes().stream().map(h -> HexFormat.of().formatHex(h)).toList();
    return new Proof(
        s.vaultId(),
        s.leafIndex(),
        size,
        hashes,
        new String(note.toBytes(), StandardCharsets.UTF_8));
  }

  /**
   * The sealed package of a record, exported for {@code actor} (a custody event in the vault and an
   * {@code evidence.export} entry in the audit trail), sealing it first if needed.
   */
  public byte[] pack(Item r, String actor) throws IOException {
    EvidenceSealer.Sealed s = sealer.seal(r.id());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    sealer.vault().exportPackage(s.vaultId(), actor, bytes);
    audit.append(
        actor,
        "evidence.export",
        "evidence:" + r.id(),
        Map.of("evidenceId", s.vaultId(), "lead", r.leadId()));
    return bytes.toByteArray();
  }

  /**
   * Exports the package of a stored record and verifies it with the evidence module's verifier
   * against this node's trust policy; also checks that the draft the database holds is the one
   * sealed. Kept for {@link #VERIFIED_FOR}.
   */
  public Verification verify(Item r, String actor) {
    synchronized (verified) {
      Cached c = verified.get(r.id());
      if (c != null && clock.millis() - c.atMillis() < VERIFIED_FOR.toMillis()) {
        return c.v();
      }
    }
    Verification v = verifyNow(r, actor);
    synchronized (verified) {
      verified.put(r.id(), new Cached(v, clock.millis()));
    }
    return v;
  }

  private Verification verifyNow(Item r, String actor) {
    List<Check> checks = new ArrayList<>();
    checks.add(
        new Check(
            "stored-digest",
            hex(sha256(r.manifest().getBytes(StandardCharsets.UTF_8))).equals(r.sha256()),
            r.sha256()));
    byte[] zip;
    try {
      zip = pack(r, actor);
    } catch (IOException | RuntimeException e) {
      checks.add(new Check("package", false, e.getMessage()));
      return new Verification(checks);
    }
    checks.addAll(verify(zip, sealer.vault().trustPolicy()).checks());
    return new Verification(checks);
  }

  /**
   * Verifies package bytes offline with the evidence module's verifier: every check is reported; a
   * hostile or broken package yields failed checks, never an exception.
   */
  public static Verification verify(byte[] zip, io.liveguard.evidence.pkg.TrustPolicy trusted) {
    List<Check> checks = new ArrayList<>();
    Path f = null;
    try {
      f = Files.createTempFile("liveguard-verify-", ".zip");
      Files.write(f, zip);
      VerificationReport report = PackageVerifier.verify(f, trusted);
      for (var c : report.checks()) {
        checks.add(new Check("vault", c.passed(), c.detail(), c.part() + " · " + c.what()));
      }
    } catch (IOException | RuntimeException e) {
      checks.add(new Check("package", false, e.getClass().getSimpleName() + ": " + e.getMessage()));
    } finally {
      if (f != null) {
        try {
          Files.deleteIfExists(f);
        } catch (IOException ignored) {
          // a temp file left behind is harmless; the verification result stands
        }
      }
    }
    return new Verification(checks);
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
