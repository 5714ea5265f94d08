package io.liveguard.evidence.checkpoint;

/** A private key that produces signed-note signature lines; thread-safe. */
public interface NoteSigner {

  /** Returns the verifier of this signer's signatures. */
  NoteVerifier verifier();

  /** Returns the signature line for {@code noteText} (the bytes before the blank line). */
  NoteSignature sign(byte[] noteText);
}
