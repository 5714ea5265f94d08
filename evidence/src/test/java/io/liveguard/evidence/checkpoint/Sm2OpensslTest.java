package io.liveguard.evidence.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-checks the SM2/SM3 note signatures with an independent implementation, OpenSSL 3 ({@code
 * openssl pkeyutl -rawin -digest sm3}, default distinguishing ID 1234567812345678), in both
 * directions.
 */
class Sm2OpensslTest {

  @TempDir Path dir;

  private static final byte[] TEXT =
      "liveguard.local/evidence/test\n42\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
          .getBytes(StandardCharsets.UTF_8);

  @Test
  void opensslVerifiesOurSm2NoteSignatures() throws Exception {
    NoteSigner signer = NoteKeys.generateSm2("liveguard.local/evidence/test", new SecureRandom());
    NoteSignature sig = signer.sign(TEXT);
    byte[] point = pointOf(signer.verifier().vkey());
    SubjectPublicKeyInfo spki =
        new SubjectPublicKeyInfo(
            new AlgorithmIdentifier(
                X9ObjectIdentifiers.id_ecPublicKey, GMObjectIdentifiers.sm2p256v1),
            point);
    Files.write(dir.resolve("pub.der"), spki.getEncoded());
    Files.write(dir.resolve("msg"), TEXT);
    Files.write(dir.resolve("sig"), sig.signature());
    String out =
        openssl(
            "pkeyutl",
            "-verify",
            "-pubin",
            "-keyform",
            "DER",
            "-inkey",
            "pub.der",
            "-rawin",
            "-digest",
            "sm3",
            "-in",
            "msg",
            "-sigfile",
            "sig",
            "-pkeyopt",
            "distid:1234567812345678");
    assertThat(out).contains("Signature Verified Successfully");
    byte[] other = TEXT.clone();
    other[other.length - 3] ^= 1;
    Files.write(dir.resolve("msg"), other);
    assertThat(
            run(
                "openssl",
                "pkeyutl",
                "-verify",
                "-pubin",
                "-keyform",
                "DER",
                "-inkey",
                "pub.der",
                "-rawin",
                "-digest",
                "sm3",
                "-in",
                "msg",
                "-sigfile",
                "sig",
                "-pkeyopt",
                "distid:1234567812345678"))
        .isNotZero();
  }

  @Test
  void weVerifySm2SignaturesMadeByOpenssl() throws Exception {
    openssl("genpkey", "-algorithm", "SM2", "-out", "k.pem");
    Files.write(dir.resolve("msg"), TEXT);
    openssl(
        "pkeyutl",
        "-sign",
        "-inkey",
        "k.pem",
        "-rawin",
        "-digest",
        "sm3",
        "-in",
        "msg",
        "-out",
        "sig",
        "-pkeyopt",
        "distid:1234567812345678");
    openssl("pkey", "-in", "k.pem", "-pubout", "-outform", "DER", "-out", "pub.der");
    SubjectPublicKeyInfo spki =
        SubjectPublicKeyInfo.getInstance(Files.readAllBytes(dir.resolve("pub.der")));
    byte[] point = spki.getPublicKeyData().getBytes();
    String name = "openssl.example/sm2";
    byte[] type = ("\u00ff" + NoteKeys.SM2_IDENTIFIER).getBytes(StandardCharsets.ISO_8859_1);
    byte[] typeAndKey = Arrays.copyOf(type, type.length + point.length);
    System.arraycopy(point, 0, typeAndKey, type.length, point.length);
    String vkey =
        name
            + "+"
            + String.format("%08x", NoteKeys.keyId(name, typeAndKey))
            + "+"
            + Base64.getEncoder().encodeToString(typeAndKey);
    NoteVerifier v = NoteKeys.parseVerifier(vkey);
    byte[] sig = Files.readAllBytes(dir.resolve("sig"));
    assertThat(v.verify(TEXT, sig)).isTrue();
    SignedNote note =
        new SignedNote(
            new String(TEXT, StandardCharsets.UTF_8),
            List.of(new NoteSignature(name, v.keyId(), sig)));
    assertThat(SignedNote.parse(note.toBytes()).verify(List.of(v)).signedBy(v)).isTrue();
    byte[] other = TEXT.clone();
    other[0] ^= 1;
    assertThat(v.verify(other, sig)).isFalse();
  }

  private static byte[] pointOf(String vkey) {
    byte[] tk = Base64.getDecoder().decode(vkey.split("\\+", 3)[2]);
    return Arrays.copyOfRange(tk, tk.length - 65, tk.length);
  }

  private String openssl(String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "openssl";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }

  private int run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
