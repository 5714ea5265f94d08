package io.liveguard.evidence.blob;

import io.liveguard.evidence.json.Json;
import io.liveguard.evidence.json.JsonException;
import io.liveguard.evidence.json.JsonObject;
import io.liveguard.evidence.log.InclusionProof;
import io.liveguard.evidence.log.MemoryTree;
import io.liveguard.evidence.log.ProofBuilder;
import io.liveguard.evidence.log.Rfc6962;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link BlobStore} on a local file system: blob {@code ab12…} lives at {@code blobs/ab/12/ab12…}
 * with its digests in {@code ab12….json}; writes go to a temporary file, are forced to disk and
 * then renamed into place.
 *
 * <p>Thread-safe; several processes may share a store, since a rename is atomic and identical
 * content has identical names.
 */
public final class FileBlobStore implements BlobStore {

  private final Path root;
  private final Path tmp;
  private final int chunkSize;

  /** Blobs longer than this digest SM3 on a helper thread (see {@link BlobDigester}). */
  static final long PARALLEL_SM3_AFTER = 1 << 20;

  /** One copy buffer per thread (sealer threads put several blobs per draft). */
  private static final ThreadLocal<byte[]> BUFFER =
      ThreadLocal.withInitial(() -> new byte[256 * 1024]);

  /** Opens (creating if needed) a store in {@code dir} with the default 1 MiB chunks. */
  public FileBlobStore(Path dir) throws IOException {
    this(dir, BlobDigester.DEFAULT_CHUNK_SIZE);
  }

  /** Opens (creating if needed) a store in {@code dir} with {@code chunkSize}-byte chunks. */
  public FileBlobStore(Path dir, int chunkSize) throws IOException {
    this.root = dir.resolve("blobs");
    this.tmp = dir.resolve("tmp");
    this.chunkSize = chunkSize;
    Files.createDirectories(root);
    Files.createDirectories(tmp);
  }

  private Path path(String sha256) {
    BlobKeys.check(sha256);
    return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  @Override
  public BlobRef put(InputStream in) throws IOException {
    // Most evidence items are small and many repeat (a session's listing, its price history): read
    // up to one buffer first, and when that is all and the blob is already stored, write nothing.
    byte[] buf = BUFFER.get();
    int head = in.readNBytes(buf, 0, buf.length);
    BlobRef whole = null; // the digests, when the first buffer held all of it
    if (head < buf.length) {
      BlobDigester d = new BlobDigester(chunkSize, PARALLEL_SM3_AFTER);
      d.update(buf, 0, head);
      whole = d.finish();
      Path target = path(whole.sha256());
      if (Files.exists(target) && Files.exists(metaPath(target))) {
        // stored by an earlier put, which forced its bytes; the directory is forced again in case
        // that put's rename is not yet durable (a put running concurrently)
        forceDir(target.getParent());
        return whole;
      }
    }
    Path t = Files.createTempFile(tmp, "put-", ".part");
    try {
      BlobDigester d = whole == null ? new BlobDigester(chunkSize, PARALLEL_SM3_AFTER) : null;
      try (OutputStream out = Files.newOutputStream(t, StandardOpenOption.WRITE)) {
        out.write(buf, 0, head);
        if (d != null) {
          d.update(buf, 0, head);
          int n;
          while ((n = in.read(buf)) > 0) {
            d.update(buf, 0, n);
            out.write(buf, 0, n);
          }
        }
      }
      BlobRef ref = d == null ? whole : d.finish();
      Path target = path(ref.sha256());
      Files.createDirectories(target.getParent());
      Path meta = metaPath(target);
      if (!Files.exists(target)) {
        force(t);
        Files.move(t, target, StandardCopyOption.ATOMIC_MOVE);
        target.toFile().setReadOnly();
      }
      // Already stored: the first put forced its bytes before the rename, so the copy is dropped
      // unforced; the directory is still forced below in case that rename is not yet durable.
      if (!Files.exists(meta)) {
        writeMeta(meta, ref);
      }
      forceDir(target.getParent());
      return ref;
    } finally {
      Files.deleteIfExists(t);
    }
  }

  @Override
  public Optional<BlobRef> stat(String sha256) throws IOException {
    Path p = path(sha256);
    Path meta = metaPath(p);
    if (!Files.exists(p)) {
      return Optional.empty();
    }
    if (Files.exists(meta)) {
      try {
        JsonObject o = JsonObject.parse(Files.readAllBytes(meta), meta.toString());
        return Optional.of(
            new BlobRef(
                o.string("sha256"),
                o.string("sm3"),
                o.integer("size"),
                o.string("chunkRoot"),
                (int) o.integer("chunkSize")));
      } catch (JsonException | IllegalArgumentException e) {
        // Fall through: recompute from the bytes, which are the truth.
      }
    }
    BlobRef ref;
    try (InputStream in = Files.newInputStream(p)) {
      BlobDigester d = new BlobDigester(chunkSize);
      d.updateAll(in);
      ref = d.finish();
    }
    try {
      writeMeta(meta, ref); // a record lost or torn by a crash is repaired
    } catch (IOException e) {
      // the digests above are returned all the same
    }
    return Optional.of(ref);
  }

  /**
   * Writes a blob's digest record. Not forced: it is derived from the blob's bytes (which are
   * forced before the blob is named), and {@link #stat} recomputes and rewrites a record that a
   * crash lost or tore — so a new blob costs two file forces (its bytes and its directory), not
   * three.
   */
  private void writeMeta(Path meta, BlobRef ref) throws IOException {
    Path mt = Files.createTempFile(tmp, "meta-", ".part");
    try {
      Files.write(mt, Json.canonical(toJson(ref)));
      Files.move(mt, meta, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(mt);
    }
  }

  @Override
  public InputStream open(String sha256) throws IOException {
    Path p = path(sha256);
    if (!Files.exists(p)) {
      throw new NoSuchFileException("no blob " + sha256);
    }
    return Files.newInputStream(p);
  }

  @Override
  public InclusionProof chunkProof(String sha256, long chunkIndex) throws IOException {
    MemoryTree t = new MemoryTree();
    try (InputStream in = open(sha256)) {
      byte[] buf = new byte[chunkSize];
      while (true) {
        int n = in.readNBytes(buf, 0, chunkSize);
        if (n == 0 && t.size() > 0) {
          break;
        }
        byte[] c = java.util.Arrays.copyOf(buf, n);
        t.appendLeafHash(Rfc6962.leafHash(c));
        if (n < chunkSize) {
          break;
        }
      }
    }
    return ProofBuilder.inclusion(t, chunkIndex, t.size());
  }

  private static Path metaPath(Path blob) {
    return blob.resolveSibling(blob.getFileName() + ".json");
  }

  static Map<String, Object> toJson(BlobRef r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sha256", r.sha256());
    m.put("sm3", r.sm3());
    m.put("size", r.size());
    m.put("chunkRoot", r.chunkRoot());
    m.put("chunkSize", (long) r.chunkSize());
    return m;
  }

  private static void force(Path p) throws IOException {
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  private static void forceDir(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException ignored) {
      // Not every file system can fsync a directory; the rename itself is atomic.
    }
  }
}
