package io.liveguard.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutomatonCacheTest {

  @TempDir Path cache;

  @AfterEach
  void reset() {
    System.clearProperty("liveguard.cache.dir");
  }

  private List<Path> cached() throws IOException {
    try (Stream<Path> s = Files.list(cache)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".bin")).toList();
    }
  }

  private static List<String> check(Detector d) {
    return d.check("全网罪低价，zui好的", CheckOptions.of(Channel.SPEECH)).stream()
        .map(Finding::matched)
        .toList();
  }

  @Test
  void aCachedAutomatonMatchesLikeAFreshOne() throws IOException {
    System.setProperty("liveguard.cache.dir", cache.toString());
    Detector fresh = TestCatalogues.mini();
    assertThat(cached()).hasSize(1);
    Detector fromCache = TestCatalogues.mini();
    assertThat(check(fromCache)).isEqualTo(check(fresh)).containsExactly("罪低价", "zui好");
    assertThat(fromCache.patternCount()).isEqualTo(fresh.patternCount());
  }

  @Test
  void aCorruptCacheFileIsIgnoredAndReplaced() throws IOException {
    System.setProperty("liveguard.cache.dir", cache.toString());
    Detector fresh = TestCatalogues.mini();
    Path file = cached().get(0);
    Files.write(file, new byte[] {1, 2, 3});
    assertThat(check(TestCatalogues.mini())).isEqualTo(check(fresh));
    assertThat(Files.size(file)).isGreaterThan(3);
  }

  @Test
  void aPlantedSerializedObjectIsRejected() throws IOException {
    System.setProperty("liveguard.cache.dir", cache.toString());
    Detector fresh = TestCatalogues.mini();
    Path file = cached().get(0);
    try (OutputStream out = Files.newOutputStream(file);
        ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(new HashMap<String, String>(java.util.Map.of("x", "y")));
    }
    assertThat(check(TestCatalogues.mini())).isEqualTo(check(fresh));
  }

  @Test
  void aTamperedOrTruncatedFileIsRejected() throws IOException {
    System.setProperty("liveguard.cache.dir", cache.toString());
    Detector fresh = TestCatalogues.mini();
    Path file = cached().get(0);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    assertThat(check(TestCatalogues.mini())).isEqualTo(check(fresh));
    bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 3));
    assertThat(check(TestCatalogues.mini())).isEqualTo(check(fresh));
  }

  @Test
  void cacheCanBeTurnedOff() throws IOException {
    System.setProperty("liveguard.cache.dir", "off");
    assertThat(check(TestCatalogues.mini())).containsExactly("罪低价", "zui好");
    assertThat(cached()).isEmpty();
  }
}
