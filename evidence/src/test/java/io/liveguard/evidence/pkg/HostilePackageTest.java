package io.liveguard.evidence.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.evidence.verify.Check;
import io.liveguard.evidence.verify.PackageVerifier;
import io.liveguard.evidence.verify.VerificationReport;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Packages built to hurt the verifier get clear failures, never an exception or a write. */
class HostilePackageTest {

  @TempDir Path dir;

  private VerificationReport verify(Path zip) {
    VerificationReport r = PackageVerifier.verify(zip, null);
    assertThat(r.passed()).isFalse();
    return r;
  }

  @Test
  void zipSlipNamesAreRejectedAndNothingIsWritten() throws Exception {
    Path zip = dir.resolve("slip.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (String name :
          new String[] {"../../evil.sh", "/etc/cron.d/x", "items\\..\\..\\x", "manifest.json"}) {
        z.putNextEntry(new ZipEntry(name));
        z.write(1);
        z.closeEntry();
      }
    }
    VerificationReport r = verify(zip);
    assertThat(r.failures())
        .extracting(Check::detail)
        .anyMatch(d -> d.contains("zip slip") && d.contains("../../evil.sh"))
        .anyMatch(d -> d.contains("/etc/cron.d/x"));
    assertThat(dir.getParent().resolve("evil.sh")).doesNotExist();
  }

  @Test
  void aZipBombIsRejectedBeforeInflating() throws Exception {
    Path zip = dir.resolve("bomb.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("report.txt"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 200; i++) {
        z.write(zeros);
      }
      z.closeEntry();
    }
    assertThat(Files.size(zip)).isLessThan(1 << 20);
    VerificationReport r = verify(zip);
    assertThat(r.failures()).extracting(Check::detail).anyMatch(d -> d.contains("zip 炸弹"));
  }

  @Test
  void aMemberThatLiesAboutItsSizeIsCutOff() throws Exception {
    // A stream-written entry: ZipFile takes sizes from the central directory, so write one whose
    // inflated size exceeds the metadata limit without a suspicious ratio.
    Path zip = dir.resolve("big.zip");
    byte[] noise = new byte[PackageLayout.MAX_METADATA_SIZE + 1024];
    new Random(3).nextBytes(noise);
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("trust.json"));
      z.write(noise);
      z.closeEntry();
    }
    VerificationReport r = verify(zip);
    assertThat(r.failures()).extracting(Check::detail).anyMatch(d -> d.contains("超过上限"));
  }

  @Test
  void hugeMemberCountsAreRejected() throws Exception {
    Path zip = dir.resolve("many.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.setLevel(0);
      for (int i = 0; i <= PackageLayout.MAX_MEMBERS; i++) {
        z.putNextEntry(new ZipEntry(String.format("custody/%05d", i)));
        z.closeEntry();
      }
    }
    VerificationReport r = verify(zip);
    assertThat(r.failures()).extracting(Check::what).containsExactly("成员数量");
  }

  @Test
  void truncatedAndNonZipFilesGetAClearError() throws Exception {
    Path zip = dir.resolve("ok.zip");
    try (OutputStream o = Files.newOutputStream(zip);
        ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry("manifest.json"));
      z.write(new byte[5000]);
      z.closeEntry();
    }
    byte[] all = Files.readAllBytes(zip);
    Path cut = dir.resolve("cut.zip");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
    assertThat(verify(cut).failures()).extracting(Check::detail).anyMatch(d -> d.contains("截断"));
    Path junk = dir.resolve("junk.zip");
    Files.writeString(junk, "this is not a zip");
    assertThat(verify(junk).failures()).extracting(Check::part).containsExactly("package");
    assertThat(verify(dir.resolve("missing.zip")).failures()).hasSize(1);
  }

  @Test
  void unknownMembersAndDuplicatesAreNamed() throws Exception {
    Path zip = dir.resolve("extra.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("payload.exe"));
      z.write(1);
      z.closeEntry();
    }
    assertThat(verify(zip).failures())
        .extracting(Check::detail)
        .anyMatch(d -> d.contains("payload.exe"));
  }
}
