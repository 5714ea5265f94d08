package io.liveguard.evidence;

import io.liveguard.evidence.checkpoint.NoteVerifier;
import io.liveguard.evidence.checkpoint.SignedNote;
import io.liveguard.evidence.checkpoint.Witness;
import io.liveguard.evidence.log.ConsistencyProof;
import java.io.IOException;

/**
 * How the vault reaches one witness: in process ({@link #of}) or in another process or host.
 * Implementations must be thread-safe or used under the vault's lock (the vault serializes calls).
 */
public interface WitnessClient {

  /** Returns the witness's cosignature verifier key. */
  NoteVerifier verifier();

  /** Returns the tree size of the last checkpoint the witness cosigned (0 if none). */
  long lastSize() throws IOException;

  /** Asks the witness to cosign {@code note}, proving consistency from {@link #lastSize}. */
  Witness.Result cosign(SignedNote note, ConsistencyProof proof) throws IOException;

  /** Adapts an in-process {@link Witness}. */
  static WitnessClient of(Witness w, NoteVerifier verifier) {
    return new WitnessClient() {
      @Override
      public NoteVerifier verifier() {
        return verifier;
      }

      @Override
      public long lastSize() {
        return w.lastCheckpoint() == null ? 0 : w.lastCheckpoint().size();
      }

      @Override
      public Witness.Result cosign(SignedNote note, ConsistencyProof proof) {
        return w.cosign(note, proof);
      }
    };
  }
}
