package io.liveguard.evidence.checkpoint;

/**
 * A public key that checks signed-note signatures; identified by its name and 32-bit key ID.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface NoteVerifier {

  /** Returns the key name. */
  String name();

  /** Returns the key ID. */
  int keyId();

  /** Returns the verifier key string {@code <name>+<hex key ID>+<base64(type || public key)>}. */
  String vkey();

  /**
   * Returns the algorithm, for people: {@code Ed25519}, {@code SM2-SM3}, {@code cosignature/v1}.
   */
  String algorithm();

  /** Returns whether {@code signature} is a valid signature by this key over the note text. */
  boolean verify(byte[] noteText, byte[] signature);
}
