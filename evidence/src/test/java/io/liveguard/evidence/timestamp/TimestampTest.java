package io.liveguard.evidence.timestamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimestampTest {

  @TempDir Path dir;

  private final byte[] data = "example.org/log\n3\nAAAA\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void opensslTsaOverHttpIssuesATokenThatVerifiesOffline() throws Exception {
    try (OpensslTsa tsa = new OpensslTsa(dir.resolve("openssl"))) {
      HttpTimestampClient client = new HttpTimestampClient(tsa.url(), Duration.ofSeconds(30));
      byte[] token = client.stamp(data);
      var cert = LocalTimestampAuthority.parseCertificate(Files.readAllBytes(tsa.tsaCertificate()));
      TimestampVerifier.Result r = TimestampVerifier.verify(token, data, List.of(cert));
      assertThat(r.reason()).isEqualTo("ok");
      assertThat(r.valid()).isTrue();
      assertThat(r.tsa()).contains("openssl test TSA");
      assertThat(r.genTime()).isNotNull();

      assertThat(
              TimestampVerifier.verify(
                      token, "other".getBytes(StandardCharsets.UTF_8), List.of(cert))
                  .valid())
          .isFalse();
      byte[] flipped = token.clone();
      flipped[flipped.length - 10] ^= 1;
      assertThat(TimestampVerifier.verify(flipped, data, List.of(cert)).valid()).isFalse();
    }
  }

  /**
   * Every byte of a token counts, the unsigned CMS envelope included: before the structure check a
   * changed content type, version, digest-algorithm list or tag (signed attributes moved to [1],
   * certificates to the CRL slot) still verified — 24 of 1,037 bytes of a local token.
   */
  @Test
  void aFlippedBitAnywhereInATokenFailsVerification() throws Exception {
    LocalTimestampAuthority local =
        LocalTimestampAuthority.openOrCreate(dir.resolve("tsa"), "test-node", Clock.systemUTC());
    assertEveryByteCounts(local.stamp(data), local.certificate());
    try (OpensslTsa tsa = new OpensslTsa(dir.resolve("openssl"))) {
      byte[] token = new HttpTimestampClient(tsa.url(), Duration.ofSeconds(30)).stamp(data);
      assertEveryByteCounts(
          token,
          LocalTimestampAuthority.parseCertificate(Files.readAllBytes(tsa.tsaCertificate())));
    }
  }

  private void assertEveryByteCounts(byte[] token, java.security.cert.X509Certificate cert) {
    assertThat(TimestampVerifier.verify(token, data, List.of(cert)).valid()).isTrue();
    List<Integer> undetected = new java.util.ArrayList<>();
    for (int pos = 0; pos < token.length; pos++) {
      byte[] t = token.clone();
      t[pos] ^= 0x01;
      if (TimestampVerifier.verify(t, data, List.of(cert)).valid()) {
        undetected.add(pos);
      }
    }
    assertThat(undetected)
        .as("positions of %s bytes still valid when flipped", token.length)
        .isEmpty();
  }

  @Test
  void opensslVerifiesTokensFromTheLocalAuthority() throws Exception {
    InstantSource clock = Clock.systemUTC();
    LocalTimestampAuthority tsa =
        LocalTimestampAuthority.openOrCreate(dir.resolve("tsa"), "test-node", clock);
    byte[] token = tsa.stamp(data);
    TimestampVerifier.Result r = TimestampVerifier.verify(token, data, List.of(tsa.certificate()));
    assertThat(r.valid()).as(r.reason()).isTrue();
    // An independent check: openssl ts -verify on the token with the local TSA certificate.
    Files.write(dir.resolve("data.bin"), data);
    Files.write(dir.resolve("token.der"), token);
    Files.writeString(dir.resolve("tsa.pem"), LocalTimestampAuthority.pem(tsa.certificate()));
    Process p =
        new ProcessBuilder(
                "openssl",
                "ts",
                "-verify",
                "-token_in",
                "-in",
                "token.der",
                "-data",
                "data.bin",
                "-CAfile",
                "tsa.pem",
                "-partial_chain")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("Verification: OK");
  }

  @Test
  void localAuthorityKeepsItsKeyAcrossRestartsAndTokensFromAnotherTsaFail() throws Exception {
    InstantSource clock = InstantSource.fixed(Instant.parse("2026-01-02T03:04:05Z"));
    LocalTimestampAuthority a = LocalTimestampAuthority.openOrCreate(dir.resolve("a"), "a", clock);
    LocalTimestampAuthority again =
        LocalTimestampAuthority.openOrCreate(dir.resolve("a"), "a", clock);
    LocalTimestampAuthority b = LocalTimestampAuthority.openOrCreate(dir.resolve("b"), "b", clock);
    assertThat(again.certificate()).isEqualTo(a.certificate());
    byte[] token = a.stamp(data);
    TimestampVerifier.Result ok =
        TimestampVerifier.verify(token, data, List.of(again.certificate()));
    assertThat(ok.valid()).isTrue();
    assertThat(ok.genTime()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    assertThat(TimestampVerifier.verify(token, data, List.of(b.certificate())).valid()).isFalse();
    assertThat(
            TimestampVerifier.verify(new byte[] {1, 2, 3}, data, List.of(a.certificate())).reason())
        .contains("not a DER");
  }

  @Test
  void clientNamesAnUnreachableOrNonTsaServer() {
    assertThatThrownBy(() -> new HttpTimestampClient(URI.create("ftp://x"), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    HttpTimestampClient c =
        new HttpTimestampClient(URI.create("http://127.0.0.1:9/tsa"), Duration.ofSeconds(2));
    assertThatThrownBy(() -> c.stamp(data)).isInstanceOf(IOException.class);
  }
}
