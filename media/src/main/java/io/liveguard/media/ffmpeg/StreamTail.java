package io.liveguard.media.ffmpeg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a child process stream to its end, keeping only the last bytes. */
public final class StreamTail {

  private StreamTail() {}

  /** Drains {@code in} and returns at most its last {@code max} bytes. */
  public static byte[] readBounded(InputStream in, int max) throws IOException {
    byte[] ring = new byte[max];
    long total = 0;
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        ring[(int) ((total + i) % max)] = buf[i];
      }
      total += n;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (total <= max) {
      out.write(ring, 0, (int) total);
    } else {
      int start = (int) (total % max);
      out.write(ring, start, max - start);
      out.write(ring, 0, start);
    }
    return out.toByteArray();
  }
}
