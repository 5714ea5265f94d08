package io.liveguard.detect.model;

import io.liveguard.detect.Channel;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes the state of an analyzer as bytes for {@link SnapshotInput} to read back: big-endian
 * primitives, strings as a length and their UTF-8 bytes, {@code null} as a marker. The models write
 * their own parts; the layout is versioned by the caller (see {@code SessionAnalyzer#snapshot()}).
 * Not thread-safe.
 */
public final class SnapshotOutput {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
  private final DataOutputStream out = new DataOutputStream(bytes);

  /** The bytes written so far. */
  public byte[] toByteArray() {
    return bytes.toByteArray();
  }

  /** Writes an int. */
  public SnapshotOutput writeInt(int v) {
    try {
      out.writeInt(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return this;
  }

  /** Writes a long. */
  public SnapshotOutput writeLong(long v) {
    try {
      out.writeLong(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Writes a boolean. */
  public SnapshotOutput writeBoolean(boolean v) {
    try {
      out.writeBoolean(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Writes a string, which may be {@code null}. */
  public SnapshotOutput writeString(String s) {
    if (s == null) {
      return writeInt(-1);
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeInt(b.length);
    try {
      out.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Writes an instant (seconds and nanoseconds), which may be {@code null}. */
  public SnapshotOutput writeInstant(Instant at) {
    writeBoolean(at != null);
    if (at != null) {
      writeLong(at.getEpochSecond());
      writeInt(at.getNano());
    }
    return this;
  }

  /** Writes a decimal exactly (its plain string), which may be {@code null}. */
  public SnapshotOutput writeDecimal(BigDecimal v) {
    return writeString(v == null ? null : v.toString());
  }

  /** Writes an utterance. */
  public SnapshotOutput writeUtterance(Utterance u) {
    writeString(u.event());
    writeChannel(u.channel());
    writeString(u.text());
    return writeInstant(u.at());
  }

  /** Writes a channel (its ordinal, one byte). */
  public SnapshotOutput writeChannel(Channel c) {
    try {
      out.writeByte(c.ordinal());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
