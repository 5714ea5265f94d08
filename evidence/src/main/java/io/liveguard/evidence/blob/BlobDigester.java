package io.liveguard.evidence.blob;

import io.liveguard.evidence.log.MemoryTree;
import io.liveguard.evidence.log.Rfc6962;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * Computes, in one streaming pass, the SHA-256, SM3, size and chunk-tree root of a byte stream. Not
 * thread-safe; one instance per stream.
 */
public final class BlobDigester {

  /** The default chunk size of chunk trees: 1 MiB. */
  public static final int DEFAULT_CHUNK_SIZE = 1 << 20;

  private final MessageDigest sha256 = Rfc6962.sha256();
  private final SM3Digest sm3 = new SM3Digest();
  private final int chunkSize;
  private final MessageDigest chunk = Rfc6962.sha256();
  private final MemoryTree.Edge chunks = new MemoryTree.Edge();
  private int inChunk;
  private long size;

  /** Creates a digester with chunks of {@code chunkSize} bytes. */
  public BlobDigester(int chunkSize) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
    }
    this.chunkSize = chunkSize;
    chunk.update((byte) 0);
  }

  /** Adds bytes {@code [off, off + len)} of {@code b}. */
  public void update(byte[] b, int off, int len) {
    sha256.update(b, off, len);
    sm3.update(b, off, len);
    size += len;
    int p = off;
    int end = off + len;
    while (p < end) {
      int n = Math.min(end - p, chunkSize - inChunk);
      chunk.update(b, p, n);
      inChunk += n;
      p += n;
      if (inChunk == chunkSize) {
        chunks.add(chunk.digest());
        chunk.update((byte) 0);
        inChunk = 0;
      }
    }
  }

  /** Reads {@code in} to its end, adding every byte. */
  public void updateAll(InputStream in) throws IOException {
    byte[] buf = new byte[64 * 1024];
    int n;
    while ((n = in.read(buf)) > 0) {
      update(buf, 0, n);
    }
  }

  /** Finishes and returns the reference; the digester must not be used afterwards. */
  public BlobRef finish() {
    if (inChunk > 0 || chunks.size() == 0) {
      // The empty blob is one empty chunk, so every blob has a non-empty chunk tree.
      chunks.add(chunk.digest());
    }
    byte[] sm = new byte[32];
    sm3.doFinal(sm, 0);
    HexFormat hex = HexFormat.of();
    return new BlobRef(
        hex.formatHex(sha256.digest()),
        hex.formatHex(sm),
        size,
        hex.formatHex(chunks.root()),
        chunkSize);
  }

  /** Returns the reference of {@code in}'s bytes with the default chunk size. */
  public static BlobRef digest(InputStream in) throws IOException {
    BlobDigester d = new BlobDigester(DEFAULT_CHUNK_SIZE);
    d.updateAll(in);
    return d.finish();
  }
}
