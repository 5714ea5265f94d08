package io.liveguard.media.asr;

import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.testmedia.TestMedia;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sphinx4EngineTest {

  @Test
  void transcribesEspeakEnglish(@TempDir Path dir) throws Exception {
    Ffmpeg ffmpeg = Ffmpeg.locate();
    TestMedia media = new TestMedia(ffmpeg);
    String[] phrases = {
      "this is the lowest price anywhere",
      "only today",
      "buy it now before it is gone",
      "the best product in the world"
    };
    try (Sphinx4Engine e = Sphinx4Engine.english()) {
      for (String p : phrases) {
        Path wav = media.speech(dir.resolve("p.wav"), "en-us", p);
        short[] pcm = ffmpeg.decodePcm16k(wav, 30);
        List<TranscriptSegment> t = e.transcribe(pcm, 1000);
        System.out.println(p + " -> " + t);
      }
    }
  }
}
