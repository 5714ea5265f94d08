package io.liveguard.media.asr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Result parsing of the engines that cannot run here (no FunASR server, no Vosk Mandarin model).
 */
class EngineParsingTest {

  @Test
  void readsAFunAsrOfflineResultWithCharacterTimestamps() throws Exception {
    String msg =
        "{\"is_final\":false,\"mode\":\"2pass-offline\",\"text\":\"全网最低价。\",\"wav_name\":\"liveguard\","
            + "\"timestamp\":\"[[380,560],[560,740],[740,920],[920,1100],[1100,1460]]\"}";
    List<TranscriptSegment> t = FunAsrEngine.parseOffline(msg, 10_000, 2000);
    assertThat(t)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.text()).isEqualTo("全网最低价。");
              assertThat(s.startMillis()).isEqualTo(10_380);
              assertThat(s.endMillis()).isEqualTo(11_460);
              assertThat(s.confidence()).isNaN();
              assertThat(s.engine()).isEqualTo("funasr");
            });
    assertThat(FunAsrEngine.parseOffline("{\"mode\":\"2pass-offline\",\"text\":\"\"}", 0, 100))
        .isEmpty();
    assertThatThrownBy(() -> FunAsrEngine.parseOffline("{not json", 0, 100))
        .isInstanceOf(IOException.class);
    // timestamps beyond the audio are clamped to it
    assertThat(
            FunAsrEngine.parseOffline("{\"text\":\"好\",\"timestamp\":\"[[0,99999]]\"}", 0, 500)
                .get(0)
                .endMillis())
        .isEqualTo(500);
  }

  @Test
  void readsAVoskResultAndJoinsChineseCharacters() throws Exception {
    String json =
        "{\"result\":[{\"conf\":0.9,\"end\":1.2,\"start\":0.5,\"word\":\"全网\"},"
            + "{\"conf\":0.7,\"end\":1.9,\"start\":1.2,\"word\":\"最低价\"}],\"text\":\"全网 最低价\"}";
    List<TranscriptSegment> t = VoskEngine.parse(json, 1000, 3000);
    assertThat(t)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.text()).isEqualTo("全网最低价");
              assertThat(s.startMillis()).isEqualTo(1500);
              assertThat(s.endMillis()).isEqualTo(2900);
              assertThat(s.confidence()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
            });
    assertThat(VoskEngine.parse("{\"text\":\"\"}", 0, 10)).isEmpty();
  }

  @Test
  void voskSaysWhereToPutAMandarinModel(@TempDir Path dir) {
    assertThatThrownBy(() -> VoskEngine.load(dir.resolve("nope")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("--vosk-model");
    assertThatThrownBy(() -> VoskEngine.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("不是 Vosk 模型目录");
  }

  @Test
  void funAsrNeedsAWebsocketUrlAndReportsAnUnreachableServer() {
    assertThatThrownBy(
            () ->
                new FunAsrEngine(
                    java.net.URI.create("http://127.0.0.1:1"), java.time.Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class);
    FunAsrEngine e =
        new FunAsrEngine(java.net.URI.create("ws://127.0.0.1:1"), java.time.Duration.ofSeconds(2));
    assertThatThrownBy(() -> e.transcribe(new short[1600], 0))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("无法连接 FunASR");
  }
}
