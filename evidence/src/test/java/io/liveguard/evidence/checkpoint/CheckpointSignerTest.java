package io.liveguard.evidence.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.evidence.log.MerkleLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSignerTest {

  @TempDir Path dir;
  private final SecureRandom rnd = new SecureRandom();

  @Test
  void signsWithEd25519AndSm2AndBothVerify() throws Exception {
    NoteSigner ed = NoteKeys.generateEd25519("example.org/log", rnd);
    NoteSigner sm2 = NoteKeys.generateSm2("example.org/log", rnd);
    try (MerkleLog log = MerkleLog.open(dir.resolve("log"))) {
      log.append("a".getBytes(StandardCharsets.UTF_8));
      CheckpointSigner cs =
          new CheckpointSigner("example.org/log", log, List.of(ed, sm2), dir.resolve("cp"));
      SignedNote note = cs.sign();
      SignedNote back = SignedNote.parse(note.toBytes());
      NoteVerifier edV = NoteKeys.parseVerifier(ed.verifier().vkey());
      NoteVerifier smV = NoteKeys.parseVerifier(sm2.verifier().vkey());
      assertThat(back.verify(List.of(edV, smV)).verified()).containsExactly(edV, smV);
      assertThat(Checkpoint.parse(back.text()).size()).isEqualTo(1);
      // A changed text fails both.
      SignedNote forged = new SignedNote(back.text().replace("\n1\n", "\n2\n"), back.signatures());
      assertThat(forged.verify(List.of(edV, smV)).failed()).hasSize(2);
      // Private keys round-trip.
      NoteSigner ed2 = NoteKeys.parseSigner(NoteKeys.privateKey(ed));
      NoteSigner sm22 = NoteKeys.parseSigner(NoteKeys.privateKey(sm2));
      assertThat(ed2.verifier().vkey()).isEqualTo(ed.verifier().vkey());
      assertThat(sm22.verifier().vkey()).isEqualTo(sm2.verifier().vkey());
    }
  }

  @Test
  void refusesToSignALogThatRewroteHistory() throws Exception {
    NoteSigner ed = NoteKeys.generateEd25519("example.org/log", rnd);
    Path cp = dir.resolve("cp");
    try (MerkleLog log = MerkleLog.open(dir.resolve("a"))) {
      log.append("a".getBytes(StandardCharsets.UTF_8));
      log.append("b".getBytes(StandardCharsets.UTF_8));
      new CheckpointSigner("example.org/log", log, List.of(ed), cp).sign();
    }
    // A different log under the same key and state file: same size prefix, different content.
    try (MerkleLog other = MerkleLog.open(dir.resolve("b"))) {
      other.append("a".getBytes(StandardCharsets.UTF_8));
      other.append("X".getBytes(StandardCharsets.UTF_8));
      other.append("c".getBytes(StandardCharsets.UTF_8));
      CheckpointSigner cs = new CheckpointSigner("example.org/log", other, List.of(ed), cp);
      assertThatThrownBy(cs::sign).isInstanceOf(InconsistentLogException.class);
      assertThat(Checkpoint.parse(SignedNote.parse(Files.readAllBytes(cp)).text()).size())
          .isEqualTo(2);
    }
  }

  @Test
  void witnessCosignsOnlyConsistentCheckpoints() throws Exception {
    NoteSigner ed = NoteKeys.generateEd25519("example.org/log", rnd);
    NoteKeys.Cosigner w = NoteKeys.generateCosigner("witness.example/w1", rnd);
    InstantSource clock = InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000L));
    Witness witness = new Witness(w, ed.verifier(), clock, null);
    try (MerkleLog log = MerkleLog.open(dir.resolve("log"))) {
      CheckpointSigner cs =
          new CheckpointSigner("example.org/log", log, List.of(ed), dir.resolve("cp"));
      log.append("a".getBytes(StandardCharsets.UTF_8));
      SignedNote first = cs.sign();
      Witness.Result r1 = witness.cosign(first, null);
      assertThat(r1).isInstanceOf(Witness.Cosigned.class);
      SignedNote cosigned = ((Witness.Cosigned) r1).note();
      NoteVerifier wv = NoteKeys.parseVerifier(w.verifier().vkey());
      assertThat(cosigned.verify(List.of(ed.verifier(), wv)).verified()).hasSize(2);
      assertThat(NoteKeys.cosignatureTime(cosigned.signatures().get(1).signature()))
          .isEqualTo(1_700_000_000L);

      log.append("b".getBytes(StandardCharsets.UTF_8));
      log.append("c".getBytes(StandardCharsets.UTF_8));
      SignedNote second = cs.sign();
      assertThat(witness.cosign(second, null)).isInstanceOf(Witness.Refused.class);
      assertThat(witness.cosign(second, log.consistencyProof(1, 3)))
          .isInstanceOf(Witness.Cosigned.class);
      // A note signed by another key is refused.
      NoteSigner mallory = NoteKeys.generateEd25519("example.org/log", rnd);
      SignedNote fake = new SignedNote(second.text(), List.of(mallory.sign(second.textBytes())));
      assertThat(witness.cosign(fake, log.consistencyProof(3, 3)))
          .isInstanceOf(Witness.Refused.class);
    }
  }
}
