package io.liveguard.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.evidence.pkg.CustodyEvent;
import io.liveguard.evidence.timestamp.HttpTimestampClient;
import io.liveguard.evidence.verify.PackageVerifier;
import io.liveguard.evidence.verify.VerificationReport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceVaultRecoveryTest {

  @TempDir Path dir;

  @Test
  void aSealWhoseTsaIsDownLosesNothingAndExportStampsLater() throws Exception {
    Path data = dir.resolve("data");
    // A real HTTP client pointed at a port where nothing listens.
    VaultOptions down =
        VaultOptions.defaults("n", "s")
            .withTimestampSource(
                new HttpTimestampClient(
                    URI.create("http://127.0.0.1:9/tsa"), Duration.ofSeconds(2)));
    String id;
    try (EvidenceVault v = EvidenceVault.open(data, down)) {
      assertThatThrownBy(() -> v.seal(VaultFixture.draft(7)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("证据已写入日志");
      assertThat(v.log().size()).isEqualTo(1);
      try (var s = Files.list(data.resolve("sealed"))) {
        id = s.findFirst().orElseThrow().getFileName().toString().replace(".json", "");
      }
    }
    Path pkg = dir.resolve("late.zip");
    try (EvidenceVault v = EvidenceVault.open(data, VaultOptions.defaults("n", "s"));
        OutputStream o = Files.newOutputStream(pkg)) {
      v.exportPackage(id, "tester", o);
    }
    VerificationReport r = PackageVerifier.verify(pkg, null);
    assertThat(r.failures()).isEmpty();
  }

  @Test
  void aManifestAppendedButNotRecordedIsAdoptedNotSealedAgain() throws Exception {
    Path data = dir.resolve("data");
    SealedEvidence first;
    try (EvidenceVault v = EvidenceVault.open(data, VaultOptions.defaults("n", "s"))) {
      first = v.seal(VaultFixture.draft(11));
      v.recordCustody(first.id(), CustodyEvent.Action.VIEWED, "t", "");
    }
    // The crash came right after the log append: no seal record was written.
    Files.delete(data.resolve("sealed").resolve(first.id() + ".json"));
    Path pkg = dir.resolve("adopted.zip");
    try (EvidenceVault v = EvidenceVault.open(data, VaultOptions.defaults("n", "s"))) {
      EvidenceVault.Adopted a = v.adopt(first.leafIndex());
      assertThat(a.id()).isEqualTo(first.id());
      assertThat(a.leafIndex()).isEqualTo(first.leafIndex());
      assertThat(a.manifest().subject()).isEqualTo(first.manifest().subject());
      assertThat(v.adopt(1)).as("a custody event is not evidence").isNull();
      assertThatThrownBy(() -> v.adopt(2)).isInstanceOf(IOException.class);
      assertThat(v.log().size()).as("nothing appended").isEqualTo(2);
      try (OutputStream o = Files.newOutputStream(pkg)) {
        v.exportPackage(a.id(), "tester", o);
      }
    }
    assertThat(PackageVerifier.verify(pkg, null).failures()).isEmpty();
  }

  @Test
  void concurrentSealsAndCustodyEventsAllVerify() throws Exception {
    try (EvidenceVault v =
        EvidenceVault.open(dir.resolve("data"), VaultOptions.defaults("n", "s"))) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      Set<Long> indices = ConcurrentHashMap.newKeySet();
      List<Future<SealedEvidence>> fs = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        long seed = 100 + i;
        fs.add(
            pool.submit(
                () -> {
                  SealedEvidence s = v.seal(VaultFixture.draft(seed));
                  v.recordCustody(s.id(), CustodyEvent.Action.VIEWED, "t" + seed, "");
                  return s;
                }));
      }
      List<SealedEvidence> sealed = new ArrayList<>();
      for (Future<SealedEvidence> f : fs) {
        SealedEvidence s = f.get();
        assertThat(indices.add(s.leafIndex())).isTrue();
        sealed.add(s);
      }
      pool.shutdown();
      assertThat(v.log().size()).isEqualTo(16);
      assertThat(v.log().audit()).isEmpty();
      for (SealedEvidence s : List.of(sealed.get(0), sealed.get(7))) {
        Path pkg = dir.resolve(s.id() + ".zip");
        try (OutputStream o = Files.newOutputStream(pkg)) {
          v.exportPackage(s.id(), "tester", o);
        }
        assertThat(PackageVerifier.verify(pkg, v.trustPolicy()).failures()).isEmpty();
      }
    }
  }
}
