package io.liveguard.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.evidence.checkpoint.Checkpoint;
import io.liveguard.evidence.checkpoint.NoteKeys;
import io.liveguard.evidence.checkpoint.NoteVerifier;
import io.liveguard.evidence.checkpoint.SignedNote;
import io.liveguard.evidence.checkpoint.Witness;
import io.liveguard.evidence.log.ConsistencyProof;
import io.liveguard.evidence.pkg.PackageLayout;
import io.liveguard.evidence.pkg.ProofJson;
import io.liveguard.evidence.verify.Check;
import io.liveguard.evidence.verify.PackageVerifier;
import io.liveguard.evidence.verify.VerificationReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A witness running as a second process cosigns the vault's checkpoints over stdin/stdout. */
class WitnessProcessTest {

  @TempDir Path dir;

  /**
   * The witness process: args = cosigner private key file, log verifier key. Each request line is
   * {@code base64(note) base64(consistency proof JSON)|-}; each answer {@code OK base64(note)} or
   * {@code REFUSED reason}.
   */
  public static void main(String[] args) throws Exception {
    NoteKeys.Cosigner key = NoteKeys.parseCosigner(Files.readString(Path.of(args[0])));
    NoteVerifier logKey = NoteKeys.parseVerifier(args[1]);
    Witness w = new Witness(key, logKey, InstantSource.system(), null);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    String line;
    while ((line = in.readLine()) != null) {
      String[] f = line.split(" ");
      SignedNote note = SignedNote.parse(Base64.getDecoder().decode(f[0]));
      ConsistencyProof proof =
          f[1].equals("-")
              ? null
              : ProofJson.parseConsistency(Base64.getDecoder().decode(f[1]), "proof");
      Witness.Result r = w.cosign(note, proof);
      if (r instanceof Witness.Cosigned c) {
        out.println("OK " + Base64.getEncoder().encodeToString(c.note().toBytes()));
      } else {
        out.println("REFUSED " + ((Witness.Refused) r).reason().replace('\n', ' '));
      }
    }
  }

  static final class ProcessWitness implements WitnessClient, AutoCloseable {
    final Process p;
    final BufferedReader in;
    final OutputStream out;
    final NoteVerifier verifier;
    long last;

    ProcessWitness(Path keyFile, NoteVerifier logKey, NoteVerifier verifier) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      p =
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  WitnessProcessTest.class.getName(),
                  keyFile.toString(),
                  logKey.vkey())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      out = p.getOutputStream();
      this.verifier = verifier;
    }

    @Override
    public NoteVerifier verifier() {
      return verifier;
    }

    @Override
    public long lastSize() {
      return last;
    }

    @Override
    public Witness.Result cosign(SignedNote note, ConsistencyProof proof) throws IOException {
      String req =
          Base64.getEncoder().encodeToString(note.toBytes())
              + " "
              + (proof == null
                  ? "-"
                  : Base64.getEncoder().encodeToString(ProofJson.consistency(proof)))
              + "\n";
      out.write(req.getBytes(StandardCharsets.UTF_8));
      out.flush();
      String resp = in.readLine();
      if (resp == null) {
        throw new IOException("witness process exited");
      }
      if (!resp.startsWith("OK ")) {
        return new Witness.Refused(resp);
      }
      try {
        SignedNote n = SignedNote.parse(Base64.getDecoder().decode(resp.substring(3)));
        last = Checkpoint.parse(n.text()).size();
        return new Witness.Cosigned(n);
      } catch (Exception e) {
        throw new IOException("witness sent a malformed note: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      p.destroyForcibly();
    }
  }

  @Test
  void aWitnessInAnotherProcessCosignsEveryCheckpointAndTheVerifierCountsIt() throws Exception {
    NoteKeys.Cosigner c = NoteKeys.generateCosigner("witness.example/process", new SecureRandom());
    Path keyFile = dir.resolve("witness.key");
    Files.writeString(keyFile, NoteKeys.privateKey(c));
    NoteVerifier logKey;
    try (EvidenceVault v =
        EvidenceVault.open(dir.resolve("data"), VaultOptions.defaults("n", "s"))) {
      logKey = v.logKeys().get(0);
    }
    Path pkg = dir.resolve("pkg.zip");
    try (ProcessWitness w = new ProcessWitness(keyFile, logKey, c.verifier());
        EvidenceVault v =
            EvidenceVault.open(
                dir.resolve("data"),
                VaultOptions.defaults("n", "s").withWitnesses(java.util.List.of(w)))) {
      v.seal(VaultFixture.draft(3));
      SealedEvidence s = v.seal(VaultFixture.draft(4));
      try (OutputStream o = Files.newOutputStream(pkg)) {
        v.exportPackage(s.id(), "tester", o);
      }
      assertThat(w.lastSize()).isEqualTo(3);
    }
    VerificationReport r = PackageVerifier.verify(pkg, null);
    assertThat(r.failures()).isEmpty();
    assertThat(r.checks())
        .filteredOn(ch -> ch.what().equals("见证人副署"))
        .extracting(Check::part)
        .containsExactlyInAnyOrder(PackageLayout.SEALED_CHECKPOINT, PackageLayout.CHECKPOINT);
  }
}
