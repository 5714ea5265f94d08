package io.liveguard.evidence.checkpoint;

import io.liveguard.evidence.log.ConsistencyProof;
import io.liveguard.evidence.log.ProofVerifier;
import java.time.InstantSource;
import java.util.List;

/**
 * A witness in the sense of c2sp.org/tlog-witness: it cosigns a log's checkpoint only when the log
 * signature verifies and the checkpoint is consistent with the last one it cosigned for that log,
 * so a log cannot show different histories to different parties without detection.
 *
 * <p>Not thread-safe; one instance follows one log. The state (last cosigned checkpoint) is held in
 * memory; a persistent witness stores {@link #lastCheckpoint()} between runs.
 */
public final class Witness {

  private final NoteKeys.Cosigner key;
  private final NoteVerifier logKey;
  private final InstantSource clock;
  private Checkpoint last;

  /** Creates a witness for the log whose checkpoints {@code logKey} signs. */
  public Witness(NoteKeys.Cosigner key, NoteVerifier logKey, InstantSource clock, Checkpoint last) {
    this.key = key;
    this.logKey = logKey;
    this.clock = clock;
    this.last = last;
  }

  /** Returns the last checkpoint this witness cosigned, or null. */
  public Checkpoint lastCheckpoint() {
    return last;
  }

  /** The outcome of asking the witness to cosign. */
  public sealed interface Result {}

  /** The witness cosigned; the note now carries its cosignature. */
  public record Cosigned(SignedNote note) implements Result {}

  /** The witness refused, and says why. */
  public record Refused(String reason) implements Result {}

  /**
   * Cosigns {@code note} if its log signature verifies and {@code proof} shows consistency from the
   * last cosigned checkpoint ({@code proof} may be null for the first checkpoint).
   */
  public Result cosign(SignedNote note, ConsistencyProof proof) {
    if (!note.verify(List.of(logKey)).signedBy(logKey)) {
      return new Refused("checkpoint is not signed by the log key " + logKey.vkey());
    }
    Checkpoint c;
    try {
      c = Checkpoint.parse(note.text());
    } catch (NoteFormatException e) {
      return new Refused(e.getMessage());
    }
    if (!c.origin().equals(logKey.name())) {
      return new Refused("checkpoint origin " + c.origin() + " is not " + logKey.name());
    }
    if (last != null && last.size() > 0) {
      if (proof == null
          || proof.size1() != last.size()
          || proof.size2() != c.size()
          || !ProofVerifier.verifyConsistency(proof, last.rootHash(), c.rootHash())) {
        return new Refused(
            "no valid consistency proof from size " + last.size() + " to " + c.size());
      }
    }
    last = c;
    NoteSignature sig = key.cosign(note.textBytes(), clock.instant().getEpochSecond());
    return new Cosigned(note.withSignature(sig));
  }
}
