package io.liveguard.bench.evidence;

import io.liveguard.evidence.EvidenceDraft;
import io.liveguard.evidence.EvidenceVault;
import io.liveguard.evidence.SealedEvidence;
import io.liveguard.evidence.VaultOptions;
import io.liveguard.evidence.log.Rfc6962;
import io.liveguard.evidence.verify.PackageVerifier;
import io.liveguard.evidence.verify.VerificationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Full offline verification of a package holding a 100 MB clip. The peer measured in the same run
 * is {@code sha256OfClipFile}: one SHA-256 pass over the same 100 MB as a plain file (what {@code
 * sha256sum} does), the least any verifier must spend. Our verifier computes SHA-256, SM3 and the
 * chunk tree of every item plus every signature, token and proof.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class PackageVerifyBenchmark {

  @Param({"100"})
  int clipMegabytes;

  Path dir;
  Path clip;
  Path pkg;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("lg-bench-pkg");
    clip = dir.resolve("clip.mp4");
    byte[] chunk = new byte[1 << 20];
    Random r = new Random(5);
    try (OutputStream o = Files.newOutputStream(clip)) {
      for (int i = 0; i < clipMegabytes; i++) {
        r.nextBytes(chunk);
        o.write(chunk);
      }
    }
    pkg = dir.resolve("pkg.zip");
    try (EvidenceVault v =
            EvidenceVault.open(dir.resolve("data"), VaultOptions.defaults("bench", "bench"));
        InputStream in = Files.newInputStream(clip)) {
      SealedEvidence s =
          v.seal(
              new EvidenceDraft(
                  List.of(new EvidenceDraft.ItemSource("clip", "clip.mp4", "video/mp4", in)),
                  null,
                  Map.of("platform", "bench"),
                  "bench",
                  null));
      try (OutputStream o = Files.newOutputStream(pkg)) {
        v.exportPackage(s.id(), "bench", o);
      }
    }
    VerificationReport rep = PackageVerifier.verify(pkg, null);
    if (!rep.passed()) {
      throw new IllegalStateException("benchmark package does not verify: " + rep.failures());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        p.toFile().setWritable(true);
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public boolean verifyPackage() {
    return PackageVerifier.verify(pkg, null).passed();
  }

  @Benchmark
  public byte[] sha256OfClipFile() throws IOException {
    MessageDigest md = Rfc6962.sha256();
    byte[] buf = new byte[256 * 1024];
    try (InputStream in = Files.newInputStream(clip)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return md.digest();
  }
}
