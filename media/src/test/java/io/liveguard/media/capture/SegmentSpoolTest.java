package io.liveguard.media.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.evidence.blob.FileBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentSpoolTest {

  static Path seg(Path dir, long seq, int size) throws Exception {
    byte[] b = new byte[size];
    new Random(seq).nextBytes(b);
    return Files.write(dir.resolve("seg-" + seq + ".ts"), b);
  }

  @Test
  void boundsTheSpoolButKeepsPinnedSegmentsInTheBlobStore(@TempDir Path dir) throws Exception {
    FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
    SegmentSpool spool =
        new SegmentSpool(
            dir.resolve("spool"), blobs, new SegmentSpool.Retention(10_000, 3_600_000));
    for (long i = 0; i < 5; i++) {
      spool.add(i, i * 2000, i * 2000 + 2000, seg(spool.dir(), i, 3000), false);
    }
    // a finding at 8.5 s pins segment 4 (8–10 s)
    List<SegmentSpool.Segment> pinned = spool.pin(8500, 9000);
    assertThat(pinned).extracting(SegmentSpool.Segment::seq).containsExactly(4L);
    for (long i = 5; i < 200; i++) {
      spool.add(i, i * 2000, i * 2000 + 2000, seg(spool.dir(), i, 3000), false);
      assertThat(spool.spoolBytes()).isLessThanOrEqualTo(10_000 + 3000);
    }
    try (var files = Files.list(spool.dir())) {
      assertThat(files.count()).isLessThanOrEqualTo(4);
    }
    SegmentSpool.Segment four = spool.segments().get(4);
    assertThat(four.swept()).isTrue();
    assertThat(four.blob()).isNotNull();
    try (var in = blobs.open(four.blob().sha256())) {
      assertThat(in.readAllBytes()).hasSize(3000);
    }
    // a finding on swept, unpinned media gets nothing rather than a wrong slice
    assertThat(spool.pin(0, 4000)).isEmpty();
  }

  @Test
  void dropsSegmentsOlderThanTheMaximumAge(@TempDir Path dir) throws Exception {
    SegmentSpool spool =
        new SegmentSpool(
            dir.resolve("spool"),
            new FileBlobStore(dir.resolve("blobs")),
            new SegmentSpool.Retention(Long.MAX_VALUE, 10_000));
    for (long i = 0; i < 20; i++) {
      spool.add(i, i * 2000, i * 2000 + 2000, seg(spool.dir(), i, 100), false);
    }
    assertThat(spool.segments().stream().filter(s -> !s.swept()).map(SegmentSpool.Segment::seq))
        .containsExactly(14L, 15L, 16L, 17L, 18L, 19L);
  }

  @Test
  void backoffGrowsWithJitterAndStaysCapped() {
    Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 10);
    Random r = new Random(3);
    for (int attempt = 0; attempt < 40; attempt++) {
      long d = b.delay(attempt, r).toMillis();
      long base = Math.min(2000, 100L << Math.min(attempt, 20));
      assertThat(d).isBetween(base / 2, base);
    }
  }
}
