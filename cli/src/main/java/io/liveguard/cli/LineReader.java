package io.liveguard.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads lines of strict UTF-8 with a length limit, without ever buffering more than the limit: a
 * line over the limit, or bytes that are not UTF-8, raise a {@link UsageException} naming the line.
 * Line ends are {@code \n} or {@code \r\n}; a leading byte order mark is skipped.
 */
final class LineReader {

  private final InputStream in;
  private final String source;
  private final int maxChars;
  private final int maxBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int pos;
  private int limit;
  private int lineNumber;
  private boolean eof;
  private byte[] line = new byte[1024];
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  LineReader(InputStream in, String source, int maxChars) {
    this.in = in;
    this.source = source;
    this.maxChars = maxChars;
    this.maxBytes = maxChars * 4;
  }

  /** The number of the line last returned, from 1. */
  int lineNumber() {
    return lineNumber;
  }

  /** The next line without its terminator, or null at the end of input. */
  String next() throws IOException, UsageException {
    int length = 0;
    boolean any = false;
    while (true) {
      if (pos == limit && !fill()) {
        if (!any) {
          return null;
        }
        lineNumber++;
        return decode(length);
      }
      any = true;
      byte b = buffer[pos++];
      if (b == '\n') {
        lineNumber++;
        return decode(length);
      }
      if (length == maxBytes) {
        lineNumber++;
        throw tooLong();
      }
      if (length == line.length) {
        line = java.util.Arrays.copyOf(line, Math.min(line.length * 2, maxBytes));
      }
      line[length++] = b;
    }
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buffer);
    if (n <= 0) {
      eof = true;
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private UsageException tooLong() {
    return new UsageException(
        source
            + ":"
            + lineNumber
            + ": line longer than the limit of "
            + maxChars
            + " characters; split the text into shorter lines");
  }

  private String decode(int length) throws UsageException {
    int start = 0;
    if (lineNumber == 1
        && length >= 3
        && line[0] == (byte) 0xEF
        && line[1] == (byte) 0xBB
        && line[2] == (byte) 0xBF) {
      start = 3;
    }
    if (length > start && line[length - 1] == '\r') {
      length--;
    }
    decoder.reset();
    String s;
    try {
      s = decoder.decode(ByteBuffer.wrap(line, start, length - start)).toString();
    } catch (CharacterCodingException e) {
      throw new UsageException(
          source + ":" + lineNumber + ": not valid UTF-8 (convert the file to UTF-8 first)");
    }
    if (s.length() > maxChars) {
      throw tooLong();
    }
    return s;
  }
}
