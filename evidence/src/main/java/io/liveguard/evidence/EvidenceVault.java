package io.liveguard.evidence;

import io.liveguard.evidence.blob.BlobKeys;
import io.liveguard.evidence.blob.BlobRef;
import io.liveguard.evidence.blob.BlobStore;
import io.liveguard.evidence.blob.FileBlobStore;
import io.liveguard.evidence.checkpoint.Checkpoint;
import io.liveguard.evidence.checkpoint.CheckpointSigner;
import io.liveguard.evidence.checkpoint.InconsistentLogException;
import io.liveguard.evidence.checkpoint.NoteFormatException;
import io.liveguard.evidence.checkpoint.NoteKeys;
import io.liveguard.evidence.checkpoint.NoteSigner;
import io.liveguard.evidence.checkpoint.NoteVerifier;
import io.liveguard.evidence.checkpoint.SignedNote;
import io.liveguard.evidence.checkpoint.Witness;
import io.liveguard.evidence.json.Json;
import io.liveguard.evidence.json.JsonException;
import io.liveguard.evidence.json.JsonObject;
import io.liveguard.evidence.log.ConsistencyProof;
import io.liveguard.evidence.log.InclusionProof;
import io.liveguard.evidence.log.MerkleLog;
import io.liveguard.evidence.log.Rfc6962;
import io.liveguard.evidence.pkg.CustodyEvent;
import io.liveguard.evidence.pkg.EvidenceManifest;
import io.liveguard.evidence.pkg.PackageContents;
import io.liveguard.evidence.pkg.PackageWriter;
import io.liveguard.evidence.pkg.TrustPolicy;
import io.liveguard.evidence.timestamp.LocalTimestampAuthority;
import io.liveguard.evidence.timestamp.TimestampSource;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evidence facade: seals files as one piece of evidence (blobs stored by digest, manifest
 * appended to the Merkle log, checkpoint signed with Ed25519 and SM2, cosigned by witnesses and
 * time-stamped), records custody events as log entries, and exports self-contained packages that
 * {@link io.liveguard.evidence.verify.PackageVerifier} checks offline.
 *
 * <p>Layout of the data directory: {@code log/} (the Merkle log), {@code store/} (blobs), {@code
 * keys/} (owner-only; log signing keys), {@code tsa/} (local TSA key and certificate), {@code
 * checkpoint.note} (last signed checkpoint), {@code sealed/<id>.json} (seal records), {@code
 * custody/<id>.idx} (custody entry indices), {@code vault.json} (origin).
 *
 * <p>Thread-safe. One process at a time may open a data directory.
 */
public final class EvidenceVault implements Closeable {

  private final Path dir;
  private final VaultOptions options;
  private final String origin;
  private final MerkleLog log;
  private final BlobStore store;
  private final CheckpointSigner signer;
  private final TimestampSource tsa;
  private final TrustPolicy trust;
  private final SecureRandom random = new SecureRandom();
  private final Object checkpointLock = new Object();
  // The last checkpoint signed (and cosigned) by this vault; guarded by checkpointLock.
  private SignedNote lastCheckpoint;

  private EvidenceVault(Path dir, VaultOptions options) throws IOException {
    this.dir = dir;
    this.options = options;
    Files.createDirectories(dir);
    this.origin = loadOrCreateOrigin();
    this.log = MerkleLog.open(dir.resolve("log"));
    try {
      this.store = new FileBlobStore(dir.resolve("store"));
      List<NoteSigner> keys = List.of(key("log-ed25519.key", false), key("log-sm2.key", true));
      this.signer = new CheckpointSigner(origin, log, keys, dir.resolve("checkpoint.note"));
      LocalTimestampAuthority local = null;
      if (options.timestampSource() == null) {
        local = LocalTimestampAuthority.openOrCreate(dir.resolve("tsa"), origin, options.clock());
        this.tsa = local;
      } else {
        this.tsa = options.timestampSource();
      }
      List<TrustPolicy.Tsa> tsas = new ArrayList<>();
      if (local != null) {
        tsas.add(new TrustPolicy.Tsa(local.certificate(), local.describe(), true));
      }
      for (Path extra : tsaCertificates()) {
        tsas.add(
            new TrustPolicy.Tsa(
                LocalTimestampAuthority.parseCertificate(Files.readAllBytes(extra)),
                "外部时间戳服务 " + tsa.describe(),
                false));
      }
      this.trust =
          new TrustPolicy(
              origin,
              signer.verifiers(),
              options.witnesses().stream().map(WitnessClient::verifier).toList(),
              options.witnesses().size(),
              tsas);
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    } catch (NoteFormatException e) {
      log.close();
      throw new IOException("data directory " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens (creating on first use) the vault in {@code dataDir}. With an external TSA, put its
   * certificate (PEM) in {@code dataDir/tsa-trust/} so packages carry it in their trust policy.
   */
  public static EvidenceVault open(Path dataDir, VaultOptions options) throws IOException {
    return new EvidenceVault(dataDir, options);
  }

  private List<Path> tsaCertificates() throws IOException {
    Path d = dir.resolve("tsa-trust");
    if (options.timestampSource() == null || !Files.isDirectory(d)) {
      return List.of();
    }
    try (var s = Files.list(d)) {
      return s.filter(p -> p.toString().endsWith(".pem") || p.toString().endsWith(".crt"))
          .sorted()
          .toList();
    }
  }

  private String loadOrCreateOrigin() throws IOException {
    Path f = dir.resolve("vault.json");
    if (Files.exists(f)) {
      try {
        return JsonObject.parse(Files.readAllBytes(f), f.toString()).string("origin");
      } catch (JsonException e) {
        throw new IOException(f + ": " + e.getMessage(), e);
      }
    }
    byte[] r = new byte[4];
    random.nextBytes(r);
    String o = "liveguard.local/evidence/" + HexFormat.of().formatHex(r);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("origin", o);
    m.put("created", options.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString());
    writeAtomically(f, Json.canonical(m));
    return o;
  }

  private NoteSigner key(String file, boolean sm2) throws IOException, NoteFormatException {
    Path keys = dir.resolve("keys");
    if (!Files.exists(keys)) {
      OwnerOnlyFiles.createDirectories(keys);
    }
    Path f = keys.resolve(file);
    if (!Files.exists(f)) {
      NoteSigner s =
          sm2 ? NoteKeys.generateSm2(origin, random) : NoteKeys.generateEd25519(origin, random);
      Path tmp = keys.resolve(file + ".tmp");
      Files.deleteIfExists(tmp);
      OwnerOnlyFiles.writeNew(tmp, NoteKeys.privateKey(s) + "\n", StandardCharsets.US_ASCII);
      force(tmp);
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE);
      return s;
    }
    return NoteKeys.parseSigner(Files.readString(f, StandardCharsets.US_ASCII));
  }

  /** Returns the log origin (the checkpoint and key name). */
  public String origin() {
    return origin;
  }

  /** Returns the trust policy a verifier needs: log keys, witnesses, TSA certificates. */
  public TrustPolicy trustPolicy() {
    return trust;
  }

  /** Returns the underlying log (read access for proofs and monitoring). */
  public MerkleLog log() {
    return log;
  }

  /** Returns the blob store holding the evidence files. */
  public BlobStore store() {
    return store;
  }

  /** Returns a description of the TSA in use. */
  public String timestampAuthority() {
    return tsa.describe();
  }

  /**
   * Seals the draft: stores the items, appends the manifest to the log, signs, cosigns and
   * time-stamps a checkpoint covering it, and records the seal; returns once all is durable.
   */
  public SealedEvidence seal(EvidenceDraft draft) throws IOException {
    return sealAll(List.of(draft)).get(0);
  }

  /**
   * Seals several drafts as {@link #seal} does each, with one log append (one group commit), one
   * checkpoint covering them all and one timestamp token over it; returns them in order once all is
   * durable. Each remains its own piece of evidence with its own manifest, id and package.
   */
  public List<SealedEvidence> sealAll(List<EvidenceDraft> drafts) throws IOException {
    if (drafts.isEmpty()) {
      return List.of();
    }
    List<EvidenceManifest> manifests = new ArrayList<>();
    List<byte[]> entries = new ArrayList<>();
    for (EvidenceDraft draft : drafts) {
      EvidenceManifest m = manifest(draft);
      manifests.add(m);
      entries.add(m.toBytes());
    }
    List<Long> indices = log.appendAll(entries);
    // The seal record is written as soon as the entry is durable, so a later failure (a witness
    // refusing, the TSA unreachable) loses nothing: exportPackage completes the missing steps.
    List<String> ids = new ArrayList<>();
    for (int k = 0; k < manifests.size(); k++) {
      String id = HexFormat.of().formatHex(Rfc6962.sha256().digest(entries.get(k)));
      ids.add(id);
      writeSealRecord(id, indices.get(k), null, null);
    }
    long last = indices.get(indices.size() - 1);
    SignedNote note = checkpointCovering(last);
    byte[] token;
    try {
      token = tsa.stamp(note.toBytes());
    } catch (IOException e) {
      throw new IOException(
          "证据已写入日志（编号 "
              + String.join(", ", ids)
              + "，序号 "
              + indices
              + "），但时间戳服务失败，导出时会补盖时间戳: "
              + e.getMessage(),
          e);
    }
    List<SealedEvidence> sealed = new ArrayList<>();
    for (int k = 0; k < manifests.size(); k++) {
      writeSealRecord(ids.get(k), indices.get(k), note, token);
      sealed.add(
          new SealedEvidence(
              ids.get(k), indices.get(k), manifests.get(k), entries.get(k), note, token));
    }
    return sealed;
  }

  /**
   * The sealed evidence whose manifest is the log entry at {@code index}, or null if that entry is
   * not an evidence manifest (a custody event, an audit entry). For a caller that crashed after
   * {@link #sealAll} appended its drafts but before it recorded the result: it adopts the entries
   * instead of sealing the drafts a second time. The seal record is written if the crash came
   * before it; the checkpoint and time stamp are then completed on export, as for any interrupted
   * seal.
   *
   * @throws IOException if the log cannot be read, or {@code index} is not in it
   */
  public Adopted adopt(long index) throws IOException {
    if (index < 0 || index >= log.size()) {
      throw new IOException("log index " + index + " is not in the log (size " + log.size() + ")");
    }
    byte[] entry = log.entry(index);
    EvidenceManifest m;
    try {
      m = EvidenceManifest.parse(entry);
    } catch (JsonException | RuntimeException e) {
      return null;
    }
    String id = HexFormat.of().formatHex(Rfc6962.sha256().digest(entry));
    if (!Files.exists(dir.resolve("sealed").resolve(id + ".json"))) {
      writeSealRecord(id, index, null, null);
    }
    return new Adopted(id, index, m);
  }

  /** A log entry adopted as sealed evidence: its id, its index and its manifest. */
  public record Adopted(String id, long leafIndex, EvidenceManifest manifest) {}

  /** Stores the draft's items and returns its manifest. */
  private EvidenceManifest manifest(EvidenceDraft draft) throws IOException {
    List<EvidenceManifest.Item> items = new ArrayList<>();
    for (EvidenceDraft.ItemSource s : draft.items()) {
      BlobRef r = store.put(s.content());
      items.add(
          new EvidenceManifest.Item(
              s.role(),
              s.name(),
              s.mediaType(),
              r.size(),
              r.sha256(),
              r.sm3(),
              r.chunkRoot(),
              r.chunkSize()));
    }
    String now = now();
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    return new EvidenceManifest(
        items,
        draft.detection(),
        draft.subject(),
        new EvidenceManifest.Capture(
            options.node(),
            options.software(),
            options.softwareDigest(),
            options.timeSource(),
            draft.capturedAt() == null ? now : draft.capturedAt()),
        draft.collector(),
        now,
        HexFormat.of().formatHex(nonce));
  }

  private void writeSealRecord(String id, long index, SignedNote note, byte[] token)
      throws IOException {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("leafIndex", index);
    if (note != null) {
      rec.put("checkpoint", new String(note.toBytes(), StandardCharsets.UTF_8));
    }
    if (token != null) {
      rec.put("timestamp", Base64.getEncoder().encodeToString(token));
    }
    Files.createDirectories(dir.resolve("sealed"));
    writeAtomically(dir.resolve("sealed").resolve(id + ".json"), Json.canonical(rec));
  }

  /** Completes a seal interrupted after the log append: signs and stamps what is missing. */
  private JsonObject completeSeal(String id, JsonObject rec) throws IOException, JsonException {
    if (rec.has("checkpoint") && rec.has("timestamp")) {
      return rec;
    }
    long index = rec.integer("leafIndex");
    SignedNote note;
    if (rec.has("checkpoint")) {
      try {
        note = SignedNote.parse(rec.string("checkpoint").getBytes(StandardCharsets.UTF_8));
      } catch (NoteFormatException e) {
        throw new IOException("seal record of " + id + " is damaged: " + e.getMessage(), e);
      }
    } else {
      note = checkpoint();
    }
    writeSealRecord(id, index, note, null);
    writeSealRecord(id, index, note, tsa.stamp(note.toBytes()));
    return requireSealed(id);
  }

  /** Appends a custody event for evidence {@code id} and returns its log index once durable. */
  public long recordCustody(String id, CustodyEvent.Action action, String actor, String note)
      throws IOException {
    requireSealed(id);
    CustodyEvent e = new CustodyEvent(action, id, actor, now(), note);
    long index = log.append(e.toBytes());
    Path f = dir.resolve("custody").resolve(id + ".idx");
    Files.createDirectories(f.getParent());
    synchronized (checkpointLock) {
      try (FileChannel ch =
          FileChannel.open(
              f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
        ch.write(java.nio.ByteBuffer.wrap((index + "\n").getBytes(StandardCharsets.US_ASCII)));
        ch.force(true);
      }
    }
    return index;
  }

  /**
   * Writes the evidence package of {@code id} to {@code out}: records an {@code exported} custody
   * event by {@code actor}, signs and time-stamps a new checkpoint, and packs the manifest, items,
   * proofs, checkpoints, tokens, custody events, trust policy and report.
   */
  public void exportPackage(String id, String actor, OutputStream out) throws IOException {
    JsonObject rec = requireSealed(id);
    try {
      rec = completeSeal(id, rec);
    } catch (JsonException e) {
      throw new IOException("seal record of " + id + " is damaged: " + e.getMessage(), e);
    }
    recordCustody(id, CustodyEvent.Action.EXPORTED, actor, "导出证据包");
    try {
      long leaf = rec.integer("leafIndex");
      SignedNote sealed =
          SignedNote.parse(rec.string("checkpoint").getBytes(StandardCharsets.UTF_8));
      byte[] sealedToken = rec.base64("timestamp");
      long sealedSize = Checkpoint.parse(sealed.text()).size();
      SignedNote note = checkpoint();
      byte[] token = tsa.stamp(note.toBytes());
      long size = Checkpoint.parse(note.text()).size();
      byte[] manifestBytes = log.entry(leaf);
      EvidenceManifest m = EvidenceManifest.parse(manifestBytes);
      List<byte[]> custody = new ArrayList<>();
      List<InclusionProof> custodyProofs = new ArrayList<>();
      for (String line : Files.readAllLines(dir.resolve("custody").resolve(id + ".idx"))) {
        if (line.isBlank()) {
          continue;
        }
        long ci = Long.parseLong(line.trim());
        if (ci >= size) {
          continue; // recorded after this checkpoint by a concurrent caller
        }
        custody.add(log.entry(ci));
        custodyProofs.add(log.inclusionProof(ci, size));
      }
      ConsistencyProof consistency = log.consistencyProof(sealedSize, size);
      PackageContents c =
          new PackageContents(
              manifestBytes,
              m,
              sealed,
              sealedToken,
              log.inclusionProof(leaf, sealedSize),
              note,
              token,
              log.inclusionProof(leaf, size),
              consistency,
              custody,
              custodyProofs,
              trust);
      PackageWriter.write(c, store, out);
    } catch (JsonException | NoteFormatException e) {
      throw new IOException("seal record of " + id + " is damaged: " + e.getMessage(), e);
    }
  }

  private JsonObject requireSealed(String id) throws IOException {
    BlobKeys.check(id);
    Path f = dir.resolve("sealed").resolve(id + ".json");
    if (!Files.exists(f)) {
      throw new IllegalArgumentException("no sealed evidence with id " + id);
    }
    try {
      return JsonObject.parse(Files.readAllBytes(f), f.toString());
    } catch (JsonException e) {
      throw new IOException(f + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns a checkpoint that covers entry {@code index}: the last one this vault signed (and had
   * cosigned) if it already does, otherwise a new one. Concurrent seals whose entries one group
   * commit appended then share one signature instead of queueing for one each.
   */
  private SignedNote checkpointCovering(long index) throws IOException {
    synchronized (checkpointLock) {
      SignedNote last = lastCheckpoint;
      if (last != null) {
        try {
          if (Checkpoint.parse(last.text()).size() > index) {
            return last;
          }
        } catch (NoteFormatException e) {
          throw new IllegalStateException(e);
        }
      }
      return checkpoint();
    }
  }

  /** Signs a checkpoint of the current log, has every witness cosign it, and returns it. */
  public SignedNote checkpoint() throws IOException {
    synchronized (checkpointLock) {
      SignedNote note;
      try {
        note = signer.sign();
      } catch (InconsistentLogException e) {
        throw new IOException("refusing to sign: " + e.getMessage(), e);
      }
      long size;
      try {
        size = Checkpoint.parse(note.text()).size();
      } catch (NoteFormatException e) {
        throw new IllegalStateException(e);
      }
      for (WitnessClient w : options.witnesses()) {
        long from = w.lastSize();
        ConsistencyProof proof = from == 0 || from > size ? null : log.consistencyProof(from, size);
        Witness.Result r = w.cosign(note, proof);
        if (r instanceof Witness.Cosigned c) {
          note = note.withSignature(c.note().signatures().get(c.note().signatures().size() - 1));
        } else {
          throw new IOException(
              "witness " + w.verifier().name() + " refused: " + ((Witness.Refused) r).reason());
        }
      }
      lastCheckpoint = note;
      return note;
    }
  }

  /** Returns the verifiers of the log keys. */
  public List<NoteVerifier> logKeys() {
    return signer.verifiers();
  }

  private String now() {
    Instant i = options.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    return i.toString();
  }

  private static void writeAtomically(Path f, byte[] bytes) throws IOException {
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    force(tmp);
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void force(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Returns the SHA-256 hex of {@code bytes}; for callers computing software digests. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(Rfc6962.sha256().digest(bytes));
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
