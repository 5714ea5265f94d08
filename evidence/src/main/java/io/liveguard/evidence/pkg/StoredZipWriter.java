package io.liveguard.evidence.pkg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes ZIP archives (PKWARE APPNOTE 6.3) whose members are all STORED, with fixed header fields,
 * so the same members always give the same bytes, on any JDK and in any time zone. The verifier
 * re-encodes a package with this writer and compares digests, so every byte of the archive —
 * headers included — is checked, not only the members' contents.
 *
 * <p>No ZIP64: an archive and each member must stay below 4 GiB. Not thread-safe.
 */
final class StoredZipWriter {

  /** 2020-01-01 00:00:00 in MS-DOS date/time fields. */
  private static final int DOS_TIME = 0;

  private static final int DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;
  private static final long LIMIT = 0xFFFF_FFFFL;

  private final OutputStream out;
  private final List<byte[]> central = new ArrayList<>();
  private long offset;

  StoredZipWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes one member from memory. */
  void add(String name, byte[] data) throws IOException {
    CRC32 crc = new CRC32();
    crc.update(data);
    header(name, data.length, crc.getValue());
    write(data, data.length);
  }

  /** Writes one member of {@code size} bytes with checksum {@code crc} from {@code in}. */
  void add(String name, long size, long crc, InputStream in) throws IOException {
    header(name, size, crc);
    byte[] buf = new byte[256 * 1024];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (n < 0) {
        throw new IOException(name + ": input ended " + left + " bytes early");
      }
      write(buf, n);
      left -= n;
    }
  }

  private void header(String name, long size, long crc) throws IOException {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    if (size > LIMIT || offset > LIMIT) {
      throw new IOException("evidence packages are limited to 4 GiB (no ZIP64): " + name);
    }
    ByteBuffer local = le(30 + n.length);
    local.putInt(0x04034b50).putShort((short) 10).putShort((short) 0).putShort((short) 0);
    local.putShort((short) DOS_TIME).putShort((short) DOS_DATE);
    local.putInt((int) crc).putInt((int) size).putInt((int) size);
    local.putShort((short) n.length).putShort((short) 0).put(n);
    ByteBuffer cd = le(46 + n.length);
    cd.putInt(0x02014b50).putShort((short) 10).putShort((short) 10).putShort((short) 0);
    cd.putShort((short) 0).putShort((short) DOS_TIME).putShort((short) DOS_DATE);
    cd.putInt((int) crc).putInt((int) size).putInt((int) size);
    cd.putShort((short) n.length).putShort((short) 0).putShort((short) 0);
    cd.putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offset).put(n);
    central.add(cd.array());
    write(local.array(), local.capacity());
  }

  /** Writes the central directory and the end record; the stream is not closed. */
  void finish() throws IOException {
    long cdStart = offset;
    for (byte[] c : central) {
      write(c, c.length);
    }
    if (offset > LIMIT || central.size() > 0xFFFF) {
      throw new IOException("evidence packages are limited to 4 GiB and 65,535 members");
    }
    ByteBuffer end = le(22);
    end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0);
    end.putShort((short) central.size()).putShort((short) central.size());
    end.putInt((int) (offset - cdStart)).putInt((int) cdStart).putShort((short) 0);
    write(end.array(), 22);
    out.flush();
  }

  private void write(byte[] b, int len) throws IOException {
    out.write(b, 0, len);
    offset += len;
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }
}
