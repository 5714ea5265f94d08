package io.liveguard.evidence.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.zip.CRC32;

/**
 * A durable, append-only RFC 6962 Merkle log in one directory: an entry's index is returned only
 * after the entry, its hashes and the new tree size are on stable storage ({@code fsync}).
 *
 * <p>Thread-safe. Concurrent appends are group-committed: whichever caller finds no commit in
 * progress writes every pending entry as one batch (one set of {@code fsync}s), so indices are
 * contiguous and throughput grows with concurrency. One process at a time may open a directory (an
 * OS file lock enforces it).
 */
public final class MerkleLog implements NodeSource, Closeable {

  /*
   * Design note. Files:
   *   entries.dat   the entries' bytes, concatenated;
   *   entries.idx   one big-endian u64 per entry: the end offset of that entry in entries.dat;
   *   tree.hashes   every complete subtree hash (32 bytes) in post-order, i.e. in the order the
   *                 hashes become known while appending. The node covering leaves
   *                 [k*2^L, (k+1)*2^L) sits at record 2m - popcount(m) + L with m = (k+1)*2^L - 1.
   *                 This is the information of C2SP tlog-tiles with tile height 1, in one file;
   *                 any proof needs O(log n) positional reads whatever the log size;
   *   commit        two 64-byte slots [magic, seq, size, root, crc32]; a commit writes the slot
   *                 seq % 2, so a torn write can damage only the newer slot.
   * An append writes the three data files past the committed size and the next commit slot, then
   * forces all four files concurrently (one journal commit on ext4) before acknowledging. Opening
   * takes the newest valid slot whose data checks out (files long enough, stored hashes reproduce
   * its root, the batch's entries match their leaf hashes); if the newest slot reached the disk
   * without its data, the previous slot, fully forced before the batch began, is used. Anything
   * past the adopted commit was never acknowledged and is truncated.
   */

  private static final int SLOT_SIZE = 64;
  private static final int MAGIC = 0x4c47_4331; // "LGC1"
  private static final int H = Rfc6962.HASH_SIZE;

  /** The largest entry accepted, in bytes. */
  public static final int MAX_ENTRY_SIZE = 16 * 1024 * 1024;

  private static final int MAX_BATCH = 4096;

  private final Path dir;
  private final FileChannel entries;
  private final FileChannel index;
  private final FileChannel hashes;
  private final FileChannel commit;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final java.util.concurrent.ExecutorService forcer =
      java.util.concurrent.Executors.newFixedThreadPool(
          3,
          r -> {
            Thread t = new Thread(r, "merkle-log-fsync");
            t.setDaemon(true);
            return t;
          });

  private final Object queueLock = new Object();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean committing;

  // Writer state, touched only by the committing thread.
  private final ArrayDeque<byte[]> rightEdge = new ArrayDeque<>();
  private long entriesEnd;
  private long commitSeq;

  private volatile State state;
  private volatile boolean closed;
  private volatile IOException failure;

  private record State(long size, byte[] root) {}

  private record Pending(byte[] data, CompletableFuture<Long> done) {}

  private MerkleLog(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    lockChannel =
        FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = lockChannel.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      lockChannel.close();
      throw new IOException("the log at " + dir + " is already open in another process or object");
    }
    lock = l;
    entries = open("entries.dat");
    index = open("entries.idx");
    hashes = open("tree.hashes");
    commit = open("commit");
    try {
      recover();
    } catch (IOException | RuntimeException e) {
      closeFiles();
      throw e;
    }
  }

  /** Opens the log in {@code dir}, creating it when missing and discarding unacknowledged data. */
  public static MerkleLog open(Path dir) throws IOException {
    return new MerkleLog(dir);
  }

  private FileChannel open(String name) throws IOException {
    return FileChannel.open(
        dir.resolve(name),
        StandardOpenOption.CREATE,
        StandardOpenOption.READ,
        StandardOpenOption.WRITE);
  }

  private record Slot(long seq, long size, byte[] root) {}

  private void recover() throws IOException {
    List<Slot> slots = new ArrayList<>();
    for (int slot = 0; slot < 2; slot++) {
      ByteBuffer b = ByteBuffer.allocate(SLOT_SIZE);
      readFully(commit, b, (long) slot * SLOT_SIZE, true);
      b.flip();
      if (b.remaining() < 4 + 8 + 8 + H + 4 || b.getInt(0) != MAGIC) {
        continue;
      }
      CRC32 crc = new CRC32();
      crc.update(b.array(), 0, 4 + 8 + 8 + H);
      if ((int) crc.getValue() != b.getInt(4 + 8 + 8 + H)) {
        continue;
      }
      slots.add(new Slot(b.getLong(4), b.getLong(12), Arrays.copyOfRange(b.array(), 20, 20 + H)));
    }
    slots.sort((a, b) -> Long.compare(b.seq(), a.seq()));
    if (slots.isEmpty()) {
      adopt(new Slot(0, 0, Rfc6962.emptyRoot()));
      return;
    }
    Slot newest = slots.get(0);
    Slot older = slots.size() > 1 ? slots.get(1) : new Slot(0, 0, Rfc6962.emptyRoot());
    String problem = check(newest, Math.min(older.size(), newest.size()));
    if (problem == null) {
      adopt(newest);
      return;
    }
    // The newest commit's files are forced together with its slot, so a crash may leave the slot
    // without its data; that batch was never acknowledged, and the previous commit is complete.
    if (older.seq() == newest.seq() - 1) {
      String olderProblem = check(older, older.size());
      if (olderProblem == null) {
        adopt(older);
        return;
      }
      problem = olderProblem;
    }
    throw new IOException("log at " + dir + " is damaged: " + problem);
  }

  /** Returns why the files cannot back {@code s}, or null; checks leaves from {@code from}. */
  private String check(Slot s, long from) throws IOException {
    long size = s.size();
    if (index.size() < size * 8 || hashes.size() < nodeCount(size) * H) {
      return "committed size " + size + " but the files are shorter";
    }
    long end = size == 0 ? 0 : readLong(index, (size - 1) * 8);
    if (end < 0 || entries.size() < end) {
      return "entries.dat is shorter than committed size " + size;
    }
    state = new State(size, s.root());
    if (!Arrays.equals(ProofBuilder.root(this, size), s.root())) {
      return "stored hashes do not reproduce the committed root at size " + size;
    }
    long prevEnd = from == 0 ? 0 : readLong(index, (from - 1) * 8);
    for (long i = from; i < size; i++) {
      long e = readLong(index, i * 8);
      if (e < prevEnd || e > end) {
        return "entry offsets are not increasing at entry " + i;
      }
      ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(e - prevEnd));
      readFully(entries, b, prevEnd, false);
      if (!Arrays.equals(Rfc6962.leafHash(b.array()), node(0, i))) {
        return "entry " + i + " does not match its leaf hash";
      }
      prevEnd = e;
    }
    return null;
  }

  private void adopt(Slot s) throws IOException {
    long size = s.size();
    commitSeq = s.seq();
    entriesEnd = size == 0 ? 0 : readLong(index, (size - 1) * 8);
    // Anything beyond the commit was never acknowledged.
    index.truncate(size * 8);
    hashes.truncate(nodeCount(size) * H);
    entries.truncate(entriesEnd);
    state = new State(size, s.root());
    // Rebuild the right edge: the roots of the perfect subtrees that make up [0, size).
    long lo = 0;
    for (int level = 63; level >= 0; level--) {
      long width = 1L << level;
      if ((size & width) != 0) {
        rightEdge.push(node(level, lo >>> level));
        lo += width;
      }
    }
  }

  /** Returns the number of acknowledged entries. */
  @Override
  public long size() {
    return state.size();
  }

  /** Returns the RFC 6962 root of the acknowledged entries. */
  public byte[] root() {
    return state.root().clone();
  }

  /** Returns the RFC 6962 root of the first {@code size} entries. */
  public byte[] rootAt(long size) throws IOException {
    return ProofBuilder.root(this, size);
  }

  /** Returns the inclusion proof of entry {@code index} in the tree of {@code treeSize} entries. */
  public InclusionProof inclusionProof(long index, long treeSize) throws IOException {
    return ProofBuilder.inclusion(this, index, treeSize);
  }

  /** Returns the consistency proof between two acknowledged tree sizes. */
  public ConsistencyProof consistencyProof(long size1, long size2) throws IOException {
    return ProofBuilder.consistency(this, size1, size2);
  }

  /** Returns the leaf hash of entry {@code index}. */
  public byte[] leafHash(long index) throws IOException {
    return node(0, index);
  }

  /** Returns the bytes of acknowledged entry {@code index}. */
  public byte[] entry(long index) throws IOException {
    long size = state.size();
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("entry " + index + " is outside [0, " + size + ")");
    }
    long start = index == 0 ? 0 : readLong(this.index, (index - 1) * 8);
    long end = readLong(this.index, index * 8);
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(end - start));
    readFully(entries, b, start, false);
    return b.array();
  }

  @Override
  public byte[] node(int level, long index) throws IOException {
    long size = state.size();
    if (level < 0 || level > 62 || index < 0 || ((index + 1) << level) > size) {
      throw new IllegalArgumentException(
          "no complete subtree at level " + level + " index " + index + " in size " + size);
    }
    ByteBuffer b = ByteBuffer.allocate(H);
    readFully(hashes, b, position(level, index) * H, false);
    return b.array();
  }

  /**
   * Recomputes every stored hash from the entries and returns a description of the first mismatch,
   * or empty when the whole log is intact; reads the whole log (O(n)).
   */
  public java.util.Optional<String> audit() throws IOException {
    long size = state.size();
    MemoryTree.Edge edge = new MemoryTree.Edge();
    for (long i = 0; i < size; i++) {
      byte[] leaf = Rfc6962.leafHash(entry(i));
      if (!Arrays.equals(leaf, node(0, i))) {
        return java.util.Optional.of("entry " + i + ": stored leaf hash does not match its bytes");
      }
      edge.add(leaf);
    }
    for (int level = 1; level < 63 && (1L << level) <= size; level++) {
      for (long k = 0; ((k + 1) << level) <= size; k++) {
        byte[] want = Rfc6962.nodeHash(node(level - 1, 2 * k), node(level - 1, 2 * k + 1));
        if (!Arrays.equals(want, node(level, k))) {
          return java.util.Optional.of("node level " + level + " index " + k + " is damaged");
        }
      }
    }
    if (!Arrays.equals(edge.root(), state.root())) {
      return java.util.Optional.of("the committed root does not match the entries");
    }
    return java.util.Optional.empty();
  }

  /** Appends one entry and returns its index once it is durable. */
  public long append(byte[] entry) throws IOException {
    return appendAll(List.of(entry)).get(0);
  }

  /** Appends entries as one batch (contiguous indices) and returns them once durable. */
  public List<Long> appendAll(List<byte[]> batch) throws IOException {
    List<CompletableFuture<Long>> futures = new ArrayList<>(batch.size());
    boolean lead;
    synchronized (queueLock) {
      ensureOpen();
      for (byte[] e : batch) {
        checkEntry(e);
      }
      for (byte[] e : batch) {
        Pending p = new Pending(e.clone(), new CompletableFuture<>());
        queue.add(p);
        futures.add(p.done());
      }
      lead = !committing;
      committing = true;
    }
    if (lead) {
      drain();
    }
    List<Long> out = new ArrayList<>(futures.size());
    for (CompletableFuture<Long> f : futures) {
      out.add(await(f));
    }
    return out;
  }

  /**
   * Queues one entry; the future completes with its index once durable. The calling thread may
   * perform the commit itself.
   */
  public CompletableFuture<Long> appendAsync(byte[] entry) {
    CompletableFuture<Long> f = new CompletableFuture<>();
    boolean lead;
    synchronized (queueLock) {
      try {
        ensureOpen();
        checkEntry(entry);
      } catch (IOException | IllegalArgumentException e) {
        f.completeExceptionally(e);
        return f;
      }
      queue.add(new Pending(entry.clone(), f));
      lead = !committing;
      committing = true;
    }
    if (lead) {
      drain();
    }
    return f;
  }

  private static void checkEntry(byte[] e) {
    if (e == null) {
      throw new IllegalArgumentException("a log entry may not be null");
    }
    if (e.length > MAX_ENTRY_SIZE) {
      throw new IllegalArgumentException(
          "a log entry may be at most " + MAX_ENTRY_SIZE + " bytes, got " + e.length);
    }
  }

  private static long await(CompletableFuture<Long> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for a durable append", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(c);
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("the log at " + dir + " is closed");
    }
    if (failure != null) {
      throw new IOException("the log at " + dir + " failed earlier; reopen it", failure);
    }
  }

  private void drain() {
    while (true) {
      List<Pending> batch = new ArrayList<>();
      synchronized (queueLock) {
        while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
          batch.add(queue.poll());
        }
        if (batch.isEmpty()) {
          committing = false;
          return;
        }
      }
      try {
        if (failure != null || closed) {
          throw new IOException("the log at " + dir + " is closed or failed; reopen it", failure);
        }
        long first = writeBatch(batch);
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).done().complete(first + i);
        }
      } catch (IOException | RuntimeException e) {
        if (failure == null) {
          failure = e instanceof IOException io ? io : new IOException(e);
        }
        for (Pending p : batch) {
          p.done().completeExceptionally(e);
        }
      }
    }
  }

  private long writeBatch(List<Pending> batch) throws IOException {
    long first = state.size();
    long size = first;
    int dataBytes = 0;
    for (Pending p : batch) {
      dataBytes += p.data().length;
    }
    ByteBuffer data = ByteBuffer.allocate(dataBytes);
    ByteBuffer idx = ByteBuffer.allocate(batch.size() * 8);
    ByteBuffer nodes = ByteBuffer.allocate(batch.size() * 2 * H + 64 * H);
    long end = entriesEnd;
    for (Pending p : batch) {
      data.put(p.data());
      end += p.data().length;
      idx.putLong(end);
      byte[] h = Rfc6962.leafHash(p.data());
      nodes.put(h);
      long s = size;
      while ((s & 1) == 1) {
        h = Rfc6962.nodeHash(rightEdge.pop(), h);
        nodes.put(h);
        s >>>= 1;
      }
      rightEdge.push(h);
      size++;
    }
    data.flip();
    idx.flip();
    nodes.flip();
    writeFully(entries, data, entriesEnd);
    writeFully(index, idx, first * 8);
    writeFully(hashes, nodes, nodeCount(first) * H);
    byte[] root = edgeRoot();
    long seq = commitSeq + 1;
    ByteBuffer slot = ByteBuffer.allocate(SLOT_SIZE);
    slot.putInt(MAGIC).putLong(seq).putLong(size).put(root);
    CRC32 crc = new CRC32();
    crc.update(slot.array(), 0, slot.position());
    slot.putInt((int) crc.getValue());
    slot.position(0);
    writeFully(commit, slot, (seq % 2) * SLOT_SIZE);
    forceAll();
    commitSeq = seq;
    entriesEnd = end;
    state = new State(size, root);
    return first;
  }

  // All four files are forced concurrently: the file system can then share one journal commit.
  // Recovery tolerates a slot forced without its data (see recover), so no ordering is needed.
  private void forceAll() throws IOException {
    List<java.util.concurrent.Future<?>> fs = new ArrayList<>(3);
    for (FileChannel ch : List.of(entries, index, hashes)) {
      fs.add(
          forcer.submit(
              () -> {
                ch.force(false);
                return null;
              }));
    }
    IOException failed = null;
    try {
      commit.force(false);
    } catch (IOException e) {
      failed = e;
    }
    for (java.util.concurrent.Future<?> f : fs) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed = new IOException("interrupted while forcing the log to disk", e);
      } catch (ExecutionException e) {
        failed = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      }
    }
    if (failed != null) {
      throw failed;
    }
  }

  private byte[] edgeRoot() {
    byte[] r = null;
    for (byte[] h : rightEdge) { // from the smallest (rightmost) subtree to the largest
      r = r == null ? h : Rfc6962.nodeHash(h, r);
    }
    return r == null ? Rfc6962.emptyRoot() : r;
  }

  /** Returns the number of complete-subtree hashes stored for a tree of {@code size} leaves. */
  static long nodeCount(long size) {
    return 2 * size - Long.bitCount(size);
  }

  /** Returns the post-order record number of the node at {@code level}, {@code index}. */
  static long position(int level, long index) {
    long m = ((index + 1) << level) - 1;
    return nodeCount(m) + level;
  }

  private static long readLong(FileChannel ch, long pos) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8);
    readFully(ch, b, pos, false);
    return b.getLong(0);
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos, boolean allowShort)
      throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos + b.position());
      if (n < 0) {
        if (allowShort) {
          return;
        }
        throw new IOException("unexpected end of log file at offset " + (pos + b.position()));
      }
    }
  }

  private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    long p = pos;
    while (b.hasRemaining()) {
      p += ch.write(b, p);
    }
  }

  /** Returns the directory of this log. */
  public Path directory() {
    return dir;
  }

  @Override
  public void close() throws IOException {
    synchronized (queueLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    // Wait for an in-flight commit to finish before closing the files under it.
    while (true) {
      synchronized (queueLock) {
        if (!committing) {
          break;
        }
      }
      Thread.onSpinWait();
    }
    closeFiles();
  }

  private void closeFiles() throws IOException {
    forcer.shutdown();
    try {
      entries.close();
      index.close();
      hashes.close();
      commit.close();
    } finally {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }
}
