package io.liveguard.detect.model;

import io.liveguard.detect.Channel;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * Reads what {@link SnapshotOutput} wrote. Every read checks what it reads against the bytes left,
 * so a truncated or corrupt snapshot fails with an {@link IllegalArgumentException} naming the
 * offset instead of allocating what a bad length asks for. Not thread-safe.
 */
public final class SnapshotInput {

  private final byte[] bytes;
  private final ByteArrayInputStream buffer;
  private final DataInputStream in;

  /** An input over {@code bytes} (not copied). */
  public SnapshotInput(byte[] bytes) {
    this.bytes = bytes;
    this.buffer = new ByteArrayInputStream(bytes);
    this.in = new DataInputStream(buffer);
  }

  /** Bytes not read yet. */
  public int remaining() {
    return buffer.available();
  }

  private IllegalArgumentException corrupt(String what, Exception cause) {
    IllegalArgumentException e =
        new IllegalArgumentException(
            "corrupt snapshot at byte " + (bytes.length - remaining()) + ": " + what);
    if (cause != null) {
      e.initCause(cause);
    }
    return e;
  }

  /** Reads an int. */
  public int readInt() {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw corrupt("ends early", e);
    } catch (IOException e) {
      throw corrupt(e.getMessage(), e);
    }
  }

  /** Reads a count of items each at least {@code minBytes} long, checked against the bytes left. */
  public int readCount(int minBytes) {
    int n = readInt();
    if (n < 0 || (long) n * Math.max(1, minBytes) > remaining()) {
      throw corrupt("count " + n + " does not fit the " + remaining() + " bytes left", null);
    }
    return n;
  }

  /** Reads a long. */
  public long readLong() {
    try {
      return in.readLong();
    } catch (EOFException e) {
      throw corrupt("ends early", e);
    } catch (IOException e) {
      throw corrupt(e.getMessage(), e);
    }
  }

  /** Reads a boolean. */
  public boolean readBoolean() {
    try {
      return in.readBoolean();
    } catch (EOFException e) {
      throw corrupt("ends early", e);
    } catch (IOException e) {
      throw corrupt(e.getMessage(), e);
    }
  }

  /** Reads a string or {@code null}. */
  public String readString() {
    int n = readInt();
    if (n == -1) {
      return null;
    }
    if (n < 0 || n > remaining()) {
      throw corrupt("string length " + n + " with " + remaining() + " bytes left", null);
    }
    byte[] b = new byte[n];
    try {
      in.readFully(b);
    } catch (IOException e) {
      throw corrupt("ends early", e);
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Reads a string that must not be {@code null}. */
  public String readRequiredString(String what) {
    String s = readString();
    if (s == null) {
      throw corrupt(what + " is missing", null);
    }
    return s;
  }

  /** Reads an instant or {@code null}. */
  public Instant readInstant() {
    if (!readBoolean()) {
      return null;
    }
    long seconds = readLong();
    int nanos = readInt();
    try {
      return Instant.ofEpochSecond(seconds, nanos);
    } catch (DateTimeException e) {
      throw corrupt("instant " + seconds + "." + nanos + " out of range", e);
    }
  }

  /** Reads an instant that must not be {@code null}. */
  public Instant readRequiredInstant(String what) {
    Instant at = readInstant();
    if (at == null) {
      throw corrupt(what + " is missing", null);
    }
    return at;
  }

  /** Reads a decimal or {@code null}. */
  public BigDecimal readDecimal() {
    String s = readString();
    if (s == null) {
      return null;
    }
    try {
      return new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw corrupt("not a decimal: " + s, e);
    }
  }

  /** Reads a channel. */
  public Channel readChannel() {
    int i;
    try {
      i = in.readUnsignedByte();
    } catch (IOException e) {
      throw corrupt("ends early", e);
    }
    Channel[] all = Channel.values();
    if (i >= all.length) {
      throw corrupt("unknown channel " + i, null);
    }
    return all[i];
  }

  /** Reads an enum constant of {@code type} by its name. */
  public <E extends Enum<E>> E readEnum(Class<E> type) {
    String name = readRequiredString(type.getSimpleName());
    try {
      return Enum.valueOf(type, name);
    } catch (IllegalArgumentException e) {
      throw corrupt("unknown " + type.getSimpleName() + " " + name, e);
    }
  }

  /** Reads an utterance. */
  public Utterance readUtterance() {
    String event = readRequiredString("utterance event");
    Channel channel = readChannel();
    String text = readRequiredString("utterance text");
    return new Utterance(event, channel, text, readRequiredInstant("utterance time"));
  }

  /** Fails unless every byte was read. */
  public void expectEnd() {
    if (remaining() != 0) {
      throw corrupt(remaining() + " bytes left over", null);
    }
  }
}
