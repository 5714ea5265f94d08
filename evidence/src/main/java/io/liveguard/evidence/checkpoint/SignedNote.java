package io.liveguard.evidence.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line, then
 * one or more lines {@code — <key name> base64(key ID || signature)}.
 *
 * <p>Immutable. Parsing checks the format only; {@link #verify} checks signatures against known
 * keys and returns the outcome as a value.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

  /** The most signature lines accepted when parsing. */
  public static final int MAX_SIGNATURES = 100;

  /** The largest note accepted when parsing, in bytes. */
  public static final int MAX_NOTE_SIZE = 1 << 20;

  private static final String DASH = "\u2014 ";

  public SignedNote {
    signatures = List.copyOf(signatures);
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("note text must end in a newline");
    }
  }

  /** Parses the wire form of a signed note. */
  public static SignedNote parse(byte[] bytes) throws NoteFormatException {
    if (bytes.length > MAX_NOTE_SIZE) {
      throw new NoteFormatException("note is larger than " + MAX_NOTE_SIZE + " bytes");
    }
    String s;
    try {
      s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new NoteFormatException("note is not valid UTF-8");
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 && c != '\n') {
        throw new NoteFormatException(
            "note contains control character U+00" + Integer.toHexString(c));
      }
    }
    int split = s.lastIndexOf("\n\n");
    if (split < 0) {
      throw new NoteFormatException("note has no blank line before its signatures");
    }
    String text = s.substring(0, split + 1);
    String sigs = s.substring(split + 2);
    if (sigs.isEmpty() || !sigs.endsWith("\n")) {
      throw new NoteFormatException("note has no signature lines, or they do not end in a newline");
    }
    List<NoteSignature> out = new ArrayList<>();
    for (String line : sigs.substring(0, sigs.length() - 1).split("\n", -1)) {
      if (out.size() >= MAX_SIGNATURES) {
        throw new NoteFormatException("note has more than " + MAX_SIGNATURES + " signatures");
      }
      if (!line.startsWith(DASH)) {
        throw new NoteFormatException("signature line does not start with an em dash: " + line);
      }
      String rest = line.substring(DASH.length());
      int sp = rest.indexOf(' ');
      if (sp <= 0 || rest.indexOf(' ', sp + 1) >= 0) {
        throw new NoteFormatException("signature line is not '— <name> <base64>': " + line);
      }
      String name = rest.substring(0, sp);
      if (name.contains("+")) {
        throw new NoteFormatException("key name may not contain '+': " + name);
      }
      byte[] blob;
      try {
        blob = Base64.getDecoder().decode(rest.substring(sp + 1));
      } catch (IllegalArgumentException e) {
        throw new NoteFormatException("signature of " + name + " is not valid base64");
      }
      if (blob.length < 5) {
        throw new NoteFormatException("signature of " + name + " is too short");
      }
      int id = ByteBuffer.wrap(blob, 0, 4).getInt();
      byte[] sig = java.util.Arrays.copyOfRange(blob, 4, blob.length);
      out.add(new NoteSignature(name, id, sig));
    }
    return new SignedNote(text, out);
  }

  /** Returns the wire form: text, blank line, signature lines. */
  public byte[] toBytes() {
    StringBuilder b = new StringBuilder(text).append('\n');
    for (NoteSignature sig : signatures) {
      byte[] blob =
          ByteBuffer.allocate(4 + sig.signature().length)
              .putInt(sig.keyId())
              .put(sig.signature())
              .array();
      b.append(DASH).append(sig.name()).append(' ');
      b.append(Base64.getEncoder().encodeToString(blob)).append('\n');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the text as UTF-8 bytes: what Ed25519 and SM2 note signatures cover. */
  public byte[] textBytes() {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Returns a copy with one more signature line. */
  public SignedNote withSignature(NoteSignature sig) {
    List<NoteSignature> all = new ArrayList<>(signatures);
    all.add(sig);
    return new SignedNote(text, all);
  }

  /**
   * Checks every signature made by a known key. Signatures from unknown keys are ignored, as the
   * spec requires; a signature from a known key that fails makes the outcome fail.
   */
  public NoteVerification verify(List<? extends NoteVerifier> known) {
    List<NoteVerifier> verified = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (NoteSignature sig : signatures) {
      for (NoteVerifier v : known) {
        if (v.name().equals(sig.name()) && v.keyId() == sig.keyId()) {
          if (v.verify(textBytes(), sig.signature())) {
            verified.add(v);
          } else {
            failures.add(sig.name() + "+" + sig.keyIdHex());
          }
        }
      }
    }
    return new NoteVerification(verified, failures);
  }

  /**
   * The outcome of checking a note's signatures against known keys.
   *
   * @param verified the known keys whose signatures verified
   * @param failed the {@code name+keyid} of known keys whose signatures did not verify
   */
  public record NoteVerification(List<NoteVerifier> verified, List<String> failed) {

    /** Returns whether no known signature failed and {@code key} signed. */
    public boolean signedBy(NoteVerifier key) {
      return failed.isEmpty() && verified.contains(key);
    }
  }
}
