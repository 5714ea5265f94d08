package io.liveguard.media.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Extracts named regular files from a ustar/pax stream (what {@code npm pack} writes), writing them
 * under fresh names in a directory so that no path inside the archive ever reaches the file system.
 */
final class Tar {

  private static final int BLOCK = 512;
  private static final long MAX_ENTRY = 512L << 20;

  private Tar() {}

  static Map<String, Path> extract(InputStream in, Set<String> wanted, Path outDir)
      throws IOException {
    Map<String, Path> out = new HashMap<>();
    byte[] header = new byte[BLOCK];
    String paxPath = null;
    try (in) {
      while (readFully(in, header)) {
        if (isZero(header)) {
          break;
        }
        String name = cString(header, 0, 100);
        String prefix = cString(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        long size = octal(header, 124, 12);
        if (size < 0 || size > MAX_ENTRY) {
          throw new IOException("tar entry " + name + " has an implausible size " + size);
        }
        char type = (char) header[156];
        if (type == 'x') {
          paxPath = paxPath(readBytes(in, size));
          skip(in, pad(size));
          continue;
        }
        if (paxPath != null) {
          name = paxPath;
          paxPath = null;
        }
        if ((type == '0' || type == '\0') && wanted.contains(name) && !out.containsKey(name)) {
          Path f = outDir.resolve("entry-" + out.size());
          try (OutputStream os = Files.newOutputStream(f)) {
            copy(in, os, size);
          }
          out.put(name, f);
          skip(in, pad(size));
        } else {
          skip(in, size + pad(size));
        }
      }
    }
    return out;
  }

  private static long pad(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private static String paxPath(byte[] data) {
    String s = new String(data, StandardCharsets.UTF_8);
    for (String rec : s.split("\n")) {
      int sp = rec.indexOf(' ');
      if (sp > 0 && rec.startsWith("path=", sp + 1)) {
        return rec.substring(sp + 6);
      }
    }
    return null;
  }

  private static boolean readFully(InputStream in, byte[] b) throws IOException {
    int off = 0;
    while (off < b.length) {
      int n = in.read(b, off, b.length - off);
      if (n < 0) {
        if (off == 0) {
          return false;
        }
        throw new IOException("truncated tar stream");
      }
      off += n;
    }
    return true;
  }

  private static byte[] readBytes(InputStream in, long size) throws IOException {
    if (size > 1 << 20) {
      throw new IOException("pax header too large: " + size);
    }
    byte[] b = new byte[(int) size];
    if (size > 0 && !readFully(in, b)) {
      throw new IOException("truncated tar stream");
    }
    return b;
  }

  private static void copy(InputStream in, OutputStream out, long size) throws IOException {
    byte[] buf = new byte[1 << 16];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException("truncated tar stream");
      }
      out.write(buf, 0, n);
      left -= n;
    }
  }

  private static void skip(InputStream in, long n) throws IOException {
    long left = n;
    byte[] buf = new byte[8192];
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        throw new IOException("truncated tar stream");
      }
      left -= r;
    }
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] b, int off, int len) {
    long v = 0;
    for (int i = off; i < off + len; i++) {
      byte c = b[i];
      if (c == 0 || c == ' ') {
        if (v > 0) {
          break;
        }
        continue;
      }
      if (c < '0' || c > '7') {
        return -1;
      }
      v = v * 8 + (c - '0');
    }
    return v;
  }
}
