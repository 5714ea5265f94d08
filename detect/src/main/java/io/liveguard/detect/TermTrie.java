package io.liveguard.detect;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The matching automaton: hankcs's double-array Aho–Corasick trie from normalized patterns to the
 * ids of the terms they spell, with a compact binary form so a compiled catalogue loads in a few
 * milliseconds instead of being rebuilt.
 *
 * <p>Binary form: magic {@code LGAC}, version, pattern count, the int arrays {@code check, base,
 * fail, l}, the int-array arrays {@code output} and values, then a SHA-256 of everything before it.
 * Reading checks the digest and the structural bounds (array lengths, value ids below the term
 * count), so a corrupt file is refused rather than matched against.
 */
final class TermTrie extends AhoCorasickDoubleArrayTrie<int[]> {

  private static final long serialVersionUID = 1L;
  private static final int MAGIC = 0x4C474143; // "LGAC"
  private static final int VERSION = 1;

  /** Builds the automaton for {@code patterns} (pattern → term ids). */
  static TermTrie build(TreeMap<String, int[]> patterns) {
    TermTrie t = new TermTrie();
    t.build((Map<String, int[]>) patterns);
    return t;
  }

  /** Writes the binary form. */
  void write(OutputStream out) throws IOException {
    MessageDigest sha = sha256();
    DataOutputStream data = new DataOutputStream(new java.security.DigestOutputStream(out, sha));
    data.writeInt(MAGIC);
    data.writeInt(VERSION);
    data.writeInt(size);
    writeInts(data, check);
    writeInts(data, base);
    writeInts(data, fail);
    writeInts(data, l);
    writeIntArrays(data, output);
    // v is declared V[] but allocated as Object[] by the parent class.
    writeIntArrays(data, (Object[]) v);
    data.flush();
    out.write(sha.digest());
    out.flush();
  }

  /**
   * Reads the binary form.
   *
   * @param termCount the number of terms; every value id must be below it
   * @throws IOException if the bytes are not a valid automaton
   */
  static TermTrie read(byte[] bytes, int termCount) throws IOException {
    if (bytes.length < 12 + 32) {
      throw new IOException("automaton file too short");
    }
    MessageDigest sha = sha256();
    sha.update(bytes, 0, bytes.length - 32);
    if (!MessageDigest.isEqual(
        sha.digest(), Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length))) {
      throw new IOException("automaton file digest mismatch");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes, 0, bytes.length - 32);
    try {
      if (buf.getInt() != MAGIC || buf.getInt() != VERSION) {
        throw new IOException("not an automaton file of this version");
      }
      TermTrie t = new TermTrie();
      t.size = buf.getInt();
      t.check = readInts(buf);
      t.base = readInts(buf);
      t.fail = readInts(buf);
      t.l = readInts(buf);
      t.output = readIntArrays(buf);
      t.v = readIntArrays(buf);
      if (buf.hasRemaining()
          || t.size < 0
          || t.base.length != t.check.length
          || t.fail.length > t.check.length
          || t.output.length > t.check.length
          || t.l.length != t.v.length) {
        throw new IOException("inconsistent automaton arrays");
      }
      for (int[] ids : t.v) {
        if (ids == null) {
          throw new IOException("missing value");
        }
        for (int id : ids) {
          if (id < 0 || id >= termCount) {
            throw new IOException("term id out of range");
          }
        }
      }
      for (int[] out : t.output) {
        if (out != null) {
          for (int k : out) {
            if (k < 0 || k >= t.v.length) {
              throw new IOException("pattern index out of range");
            }
          }
        }
      }
      return t;
    } catch (BufferUnderflowException | NegativeArraySizeException e) {
      throw new IOException("truncated automaton file", e);
    }
  }

  private static void writeInts(DataOutputStream out, int[] a) throws IOException {
    out.writeInt(a.length);
    ByteBuffer b = ByteBuffer.allocate(a.length * 4);
    b.asIntBuffer().put(a);
    out.write(b.array());
  }

  private static void writeIntArrays(DataOutputStream out, Object[] a) throws IOException {
    out.writeInt(a.length);
    for (Object x : a) {
      if (x == null) {
        out.writeInt(-1);
      } else {
        writeInts(out, (int[]) x);
      }
    }
  }

  private static int[] readInts(ByteBuffer buf) throws IOException {
    int n = buf.getInt();
    if (n < 0 || n > buf.remaining() / 4) {
      throw new IOException("bad array length " + n);
    }
    int[] a = new int[n];
    IntBuffer ib = buf.slice().asIntBuffer();
    ib.get(a);
    buf.position(buf.position() + n * 4);
    return a;
  }

  private static int[][] readIntArrays(ByteBuffer buf) throws IOException {
    int n = buf.getInt();
    if (n < 0 || n > buf.remaining() / 4) {
      throw new IOException("bad array count " + n);
    }
    int[][] a = new int[n][];
    for (int i = 0; i < n; i++) {
      int len = buf.getInt(buf.position());
      if (len == -1) {
        buf.getInt();
      } else {
        a[i] = readInts(buf);
      }
    }
    return a;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
