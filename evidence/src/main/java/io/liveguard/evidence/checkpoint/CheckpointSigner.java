package io.liveguard.evidence.checkpoint;

import io.liveguard.evidence.log.ConsistencyProof;
import io.liveguard.evidence.log.MerkleLog;
import io.liveguard.evidence.log.ProofVerifier;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * Signs checkpoints of one {@link MerkleLog} with its log keys, never signing a checkpoint that is
 * not provably consistent with the last one it signed; the last signed checkpoint is kept durably
 * in a file so the guarantee holds across restarts.
 *
 * <p>Thread-safe ({@code synchronized}).
 */
public final class CheckpointSigner {

  private final String origin;
  private final MerkleLog log;
  private final List<NoteSigner> signers;
  private final Path stateFile;
  private SignedNote last;

  /**
   * Creates a signer; {@code signers} sign in order (the first should be the key named {@code
   * origin}); {@code stateFile} holds the last signed checkpoint.
   */
  public CheckpointSigner(String origin, MerkleLog log, List<NoteSigner> signers, Path stateFile)
      throws IOException, NoteFormatException {
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("at least one log signer is needed");
    }
    this.origin = origin;
    this.log = log;
    this.signers = List.copyOf(signers);
    this.stateFile = stateFile;
    if (Files.exists(stateFile)) {
      last = SignedNote.parse(Files.readAllBytes(stateFile));
      Checkpoint c = Checkpoint.parse(last.text());
      if (!c.origin().equals(origin)) {
        throw new NoteFormatException(
            stateFile + ": last checkpoint is for origin " + c.origin() + ", not " + origin);
      }
      if (!last.verify(verifiers()).failed().isEmpty()) {
        throw new NoteFormatException(stateFile + ": last checkpoint's signature does not verify");
      }
    }
  }

  /** Returns the verifiers of the log keys. */
  public List<NoteVerifier> verifiers() {
    return signers.stream().map(NoteSigner::verifier).toList();
  }

  /** Returns the last signed checkpoint, if any. */
  public synchronized Optional<SignedNote> last() {
    return Optional.ofNullable(last);
  }

  /**
   * Signs a checkpoint of the log's current acknowledged size, after checking a consistency proof
   * from the last signed checkpoint; returns the last one when the size has not changed.
   */
  public synchronized SignedNote sign() throws IOException, InconsistentLogException {
    long size = log.size();
    byte[] root = log.rootAt(size);
    if (last != null) {
      Checkpoint prev = parsedLast();
      if (prev.size() > size) {
        throw new InconsistentLogException(
            "log shrank: last signed size " + prev.size() + ", log size now " + size);
      }
      ConsistencyProof proof = log.consistencyProof(prev.size(), size);
      boolean consistent =
          prev.size() == 0 ? true : ProofVerifier.verifyConsistency(proof, prev.rootHash(), root);
      if (!consistent) {
        throw new InconsistentLogException(
            "log at size " + size + " is not consistent with the checkpoint at " + prev.size());
      }
      if (prev.size() == size) {
        return last;
      }
    }
    Checkpoint c = new Checkpoint(origin, size, root, List.of());
    byte[] text = c.text().getBytes(StandardCharsets.UTF_8);
    SignedNote note = new SignedNote(c.text(), List.of());
    for (NoteSigner s : signers) {
      note = note.withSignature(s.sign(text));
    }
    persist(note);
    last = note;
    return note;
  }

  private Checkpoint parsedLast() {
    try {
      return Checkpoint.parse(last.text());
    } catch (NoteFormatException e) {
      throw new IllegalStateException("own checkpoint does not parse", e);
    }
  }

  private void persist(SignedNote note) throws IOException {
    Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
    Files.write(tmp, note.toBytes());
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
    Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel d = FileChannel.open(stateFile.getParent(), StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException ignored) {
      // Some file systems cannot fsync a directory; the rename is still atomic.
    }
  }
}
