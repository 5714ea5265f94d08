package io.liveguard.evidence.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.liveguard.evidence.log.InclusionProof;
import io.liveguard.evidence.log.ProofVerifier;
import io.liveguard.evidence.log.Rfc6962;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {

  @TempDir Path dir;

  @Test
  void storesByDigestOnceAndRecordsSm3() throws Exception {
    FileBlobStore store = new FileBlobStore(dir, 1024);
    byte[] data = new byte[5000];
    new Random(1).nextBytes(data);
    BlobRef a = store.put(new ByteArrayInputStream(data));
    BlobRef b = store.put(new ByteArrayInputStream(data));
    assertThat(b).isEqualTo(a);
    assertThat(a.sha256()).isEqualTo(HexFormat.of().formatHex(Rfc6962.sha256().digest(data)));
    SM3Digest sm3 = new SM3Digest();
    sm3.update(data, 0, data.length);
    byte[] sm = new byte[32];
    sm3.doFinal(sm, 0);
    assertThat(a.sm3()).isEqualTo(HexFormat.of().formatHex(sm));
    assertThat(a.size()).isEqualTo(5000);
    try (InputStream in = store.open(a.sha256())) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(store.stat(a.sha256())).contains(a);
  }

  @Test
  void aBlobAlreadyStoredIsNotWrittenAgainAndEverySizeAroundTheBufferRoundTrips() throws Exception {
    FileBlobStore store = new FileBlobStore(dir, 64 * 1024);
    Random r = new Random(2);
    for (int size : new int[] {0, 1, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 700_000}) {
      byte[] data = new byte[size];
      r.nextBytes(data);
      BlobRef a = store.put(new ByteArrayInputStream(data));
      assertThat(a.size()).as("size %d", size).isEqualTo(size);
      assertThat(a.sha256()).isEqualTo(HexFormat.of().formatHex(Rfc6962.sha256().digest(data)));
      Path file =
          dir.resolve("blobs")
              .resolve(a.sha256().substring(0, 2))
              .resolve(a.sha256().substring(2, 4))
              .resolve(a.sha256());
      long modified = java.nio.file.Files.getLastModifiedTime(file).toMillis();
      Thread.sleep(5);
      BlobRef b = store.put(new ByteArrayInputStream(data));
      assertThat(b).isEqualTo(a);
      assertThat(java.nio.file.Files.getLastModifiedTime(file).toMillis()).isEqualTo(modified);
      try (InputStream in = store.open(a.sha256())) {
        assertThat(in.readAllBytes()).as("size %d", size).isEqualTo(data);
      }
      assertThat(store.stat(a.sha256())).contains(a);
    }
    try (var left = java.nio.file.Files.list(dir.resolve("tmp"))) {
      assertThat(left).as("no temporary file left behind").isEmpty();
    }
  }

  @Test
  void aDigestRecordTornOrLostByACrashIsRecomputedAndRepaired() throws Exception {
    FileBlobStore store = new FileBlobStore(dir, 1024);
    byte[] data = "一段口播文字".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    BlobRef a = store.put(new ByteArrayInputStream(data));
    Path blob =
        dir.resolve("blobs")
            .resolve(a.sha256().substring(0, 2))
            .resolve(a.sha256().substring(2, 4))
            .resolve(a.sha256());
    Path meta;
    try (var s = java.nio.file.Files.list(blob.getParent())) {
      meta = s.filter(p -> !p.equals(blob)).findFirst().orElseThrow();
    }
    java.nio.file.Files.writeString(meta, "{\"sha256\":\""); // torn
    assertThat(store.stat(a.sha256())).contains(a);
    assertThat(java.nio.file.Files.readString(meta)).contains(a.sm3()); // repaired
    java.nio.file.Files.delete(meta); // lost
    assertThat(store.stat(a.sha256())).contains(a);
    assertThat(java.nio.file.Files.exists(meta)).isTrue();
    // and a put of the same bytes still finds it stored
    assertThat(store.put(new ByteArrayInputStream(data))).isEqualTo(a);
  }

  @Test
  void sm3MatchesTheGbtStandardExample() {
    // GB/T 32905-2016 Appendix A.1: SM3("abc").
    BlobDigester d = new BlobDigester(16);
    d.update("abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, 3);
    assertThat(d.finish().sm3())
        .isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  }

  @Test
  void provesOneChunkOfALargeBlob() throws Exception {
    FileBlobStore store = new FileBlobStore(dir, 1000);
    byte[] data = new byte[10_500];
    new Random(2).nextBytes(data);
    BlobRef ref = store.put(new ByteArrayInputStream(data));
    byte[] root = HexFormat.of().parseHex(ref.chunkRoot());
    for (int i = 0; i < 11; i++) {
      InclusionProof p = store.chunkProof(ref.sha256(), i);
      byte[] chunk = Arrays.copyOfRange(data, i * 1000, Math.min(data.length, (i + 1) * 1000));
      assertThat(ProofVerifier.verifyInclusion(Rfc6962.leafHash(chunk), p, root)).isTrue();
      chunk[0] ^= 1;
      assertThat(ProofVerifier.verifyInclusion(Rfc6962.leafHash(chunk), p, root)).isFalse();
    }
  }

  @Test
  void parallelSm3GivesTheSameDigestsAsSerial() {
    long seed = System.nanoTime();
    Random r = new Random(seed);
    for (int round = 0; round < 20; round++) {
      byte[] data = new byte[r.nextInt(300_000)];
      r.nextBytes(data);
      int chunk = 1 + r.nextInt(70_000);
      BlobDigester a = new BlobDigester(chunk, false);
      BlobDigester b = new BlobDigester(chunk, true);
      for (int p = 0; p < data.length; ) {
        int n = Math.min(data.length - p, 1 + r.nextInt(20_000));
        a.update(data, p, n);
        b.update(data, p, n);
        p += n;
      }
      assertThat(b.finish()).as("seed %d", seed).isEqualTo(a.finish());
    }
  }

  @Test
  void rejectsKeysThatCouldNameAPath() throws Exception {
    FileBlobStore store = new FileBlobStore(dir);
    for (String bad :
        new String[] {
          "../../etc/passwd",
          "/etc/passwd",
          "ABCDEF" + "0".repeat(58),
          "0".repeat(63),
          "0".repeat(62) + "/.",
          "0".repeat(63) + "\u0000"
        }) {
      assertThatThrownBy(() -> store.open(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store.stat(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
