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
  private final long parallelSm3After;
  private Sm3Worker worker;
  private final int chunkSize;
  private final MessageDigest chunk = Rfc6962.sha256();
  private final MemoryTree.Edge chunks = new MemoryTree.Edge();
  private int inChunk;
  private long size;

  /** Creates a digester with chunks of {@code chunkSize} bytes. */
  public BlobDigester(int chunkSize) {
    this(chunkSize, false);
  }

  /**
   * Creates a digester; with {@code parallelSm3}, SM3 (the slowest digest, about 100 MB/s in
   * BouncyCastle) runs on a helper thread alongside SHA-256, which pays off for large media.
   */
  public BlobDigester(int chunkSize, boolean parallelSm3) {
    this(chunkSize, parallelSm3 ? 0 : Long.MAX_VALUE);
  }

  /**
   * Creates a digester whose SM3 moves to a helper thread once {@code parallelSm3After} bytes have
   * been digested (0: from the start). Small blobs (a transcript, a JSON snapshot) then never pay
   * for starting a thread, large media still get SM3 alongside SHA-256.
   */
  public BlobDigester(int chunkSize, long parallelSm3After) {
    if (chunkSize < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
    }
    if (parallelSm3After < 0) {
      throw new IllegalArgumentException("parallelSm3After must be >= 0, got " + parallelSm3After);
    }
    this.chunkSize = chunkSize;
    this.parallelSm3After = parallelSm3After;
    chunk.update((byte) 0);
    if (parallelSm3After == 0) {
      this.worker = new Sm3Worker(sm3);
    }
  }

  /** Feeds SM3 on its own thread through a small bounded queue of buffer copies. */
  private static final class Sm3Worker {
    private static final byte[] END = new byte[0];
    private final java.util.concurrent.BlockingQueue<byte[]> queue =
        new java.util.concurrent.ArrayBlockingQueue<>(16);
    private final Thread thread;

    Sm3Worker(SM3Digest sm3) {
      thread =
          new Thread(
              () -> {
                try {
                  while (true) {
                    // An abandoned digester (its stream failed) must not pin a thread forever.
                    byte[] b = queue.poll(60, java.util.concurrent.TimeUnit.SECONDS);
                    if (b == null || b == END) {
                      return;
                    }
                    sm3.update(b, 0, b.length);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "sm3-digest");
      thread.setDaemon(true);
      thread.start();
    }

    void add(byte[] b, int off, int len) {
      put(java.util.Arrays.copyOfRange(b, off, off + len));
    }

    void finish() {
      put(END);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while finishing SM3", e);
      }
    }

    private void put(byte[] b) {
      try {
        queue.put(b);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while feeding SM3", e);
      }
    }
  }

  /** Adds bytes {@code [off, off + len)} of {@code b}. */
  public void update(byte[] b, int off, int len) {
    sha256.update(b, off, len);
    if (worker == null && size >= parallelSm3After) {
      // Every earlier byte went into sm3 on this thread; Thread.start orders them before the
      // worker's updates.
      worker = new Sm3Worker(sm3);
    }
    if (worker != null) {
      worker.add(b, off, len);
    } else {
      sm3.update(b, off, len);
    }
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
    if (worker != null) {
      worker.finish();
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
