package io.liveguard.evidence.checkpoint;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The body of a C2SP tlog-checkpoint: {@code <origin>\n<decimal size>\n<base64 root hash>\n}
 * followed by optional extension lines.
 *
 * @param origin the log's unique name (non-empty, no newline)
 * @param size the tree size, {@code >= 0}
 * @param rootHash the RFC 6962 root hash (32 bytes for this log)
 * @param extensions extension lines without their newline, possibly empty
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

  public Checkpoint {
    extensions = List.copyOf(extensions);
    if (origin.isEmpty() || origin.contains("\n")) {
      throw new IllegalArgumentException("origin must be one non-empty line: " + origin);
    }
    if (size < 0) {
      throw new IllegalArgumentException("tree size must be >= 0, got " + size);
    }
  }

  /** Returns the note text of this checkpoint. */
  public String text() {
    StringBuilder b = new StringBuilder();
    b.append(origin).append('\n').append(size).append('\n');
    b.append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
    for (String e : extensions) {
      b.append(e).append('\n');
    }
    return b.toString();
  }

  /** Parses a checkpoint body; requires a 32-byte root hash, as an RFC 6962 SHA-256 log has. */
  public static Checkpoint parse(String text) throws NoteFormatException {
    return parse(text, true);
  }

  /** Parses a checkpoint body; {@code strictHash} demands a 32-byte root hash. */
  public static Checkpoint parse(String text, boolean strictHash) throws NoteFormatException {
    if (!text.endsWith("\n")) {
      throw new NoteFormatException("checkpoint text does not end in a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new NoteFormatException("checkpoint needs origin, size and root hash lines");
    }
    if (lines[0].isEmpty()) {
      throw new NoteFormatException("checkpoint origin is empty");
    }
    if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
      throw new NoteFormatException("checkpoint size is not a decimal number: " + lines[1]);
    }
    long size;
    try {
      size = Long.parseLong(lines[1]);
    } catch (NumberFormatException e) {
      throw new NoteFormatException("checkpoint size is out of range: " + lines[1]);
    }
    byte[] hash;
    try {
      hash = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new NoteFormatException("checkpoint root hash is not valid base64");
    }
    if (hash.length == 0 || (strictHash && hash.length != 32)) {
      throw new NoteFormatException("checkpoint root hash must be 32 bytes, got " + hash.length);
    }
    List<String> ext = new ArrayList<>();
    for (int i = 3; i < lines.length; i++) {
      ext.add(lines[i]);
    }
    return new Checkpoint(lines[0], size, hash, ext);
  }
}
