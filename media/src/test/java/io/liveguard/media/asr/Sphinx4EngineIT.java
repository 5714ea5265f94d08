package io.liveguard.media.asr;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.testmedia.TestMedia;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sphinx-4 on espeak-ng speech: an utterance's transcript depends on that utterance alone. */
class Sphinx4EngineIT {

  @Test
  void theSameUtteranceGivesTheSameTranscriptWhateverWasDecodedBefore(@TempDir Path dir)
      throws Exception {
    TestMedia media = new TestMedia(Ffmpeg.locate());
    short[] phrase =
        pcm(media.speech(dir.resolve("p.wav"), "en-us", "this is the lowest price anywhere"));
    // with Sphinx's live CMN, each of these earlier utterances made the phrase come out as other
    // words ("the low price anywhere", "it is not always right and where", "you" …)
    List<String> before =
        List.of(
            "welcome to the show everyone",
            "today we have a great product for you",
            "buy now",
            "one two three four five six");

    String alone;
    try (Sphinx4Engine asr = Sphinx4Engine.english()) {
      alone = text(asr.transcribe(phrase, 0));
      assertThat(text(asr.transcribe(phrase, 0))).as("the same phrase again").isEqualTo(alone);
    }
    assertThat(alone).as("the phrase is heard as words").isNotBlank();
    try (Sphinx4Engine asr = Sphinx4Engine.english()) {
      for (int i = 0; i < before.size(); i++) {
        asr.transcribe(pcm(media.speech(dir.resolve(i + ".wav"), "en-us", before.get(i))), 0);
        assertThat(text(asr.transcribe(phrase, 0)))
            .as("the phrase after \"%s\"", before.get(i))
            .isEqualTo(alone);
      }
    }
  }

  @Test
  void wordTimesAreOnTheMediaClockAndInsideTheUtterance(@TempDir Path dir) throws Exception {
    TestMedia media = new TestMedia(Ffmpeg.locate());
    short[] phrase =
        pcm(media.speech(dir.resolve("p.wav"), "en-us", "this is the lowest price anywhere"));
    long audioMillis = phrase.length * 1000L / 16_000;
    try (Sphinx4Engine asr = Sphinx4Engine.english()) {
      List<TranscriptSegment> segments = asr.transcribe(phrase, 60_000);
      assertThat(segments).isNotEmpty();
      assertThat(segments)
          .allSatisfy(
              s -> {
                assertThat(s.engine()).isEqualTo("sphinx4");
                assertThat(s.startMillis()).isBetween(60_000L, 60_000L + audioMillis);
                assertThat(s.endMillis()).isBetween(s.startMillis(), 60_000L + audioMillis);
              });
    }
  }

  private static String text(List<TranscriptSegment> segments) {
    return String.join(" / ", segments.stream().map(TranscriptSegment::text).toList());
  }

  /** The samples of a 16 kHz mono s16le WAV as TestMedia writes it. */
  private static short[] pcm(Path wav) throws IOException {
    byte[] b = Files.readAllBytes(wav);
    ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 12; i + 8 <= b.length; ) {
      String id = new String(b, i, 4, StandardCharsets.US_ASCII);
      int size = le.getInt(i + 4);
      if (id.equals("data")) {
        int n = Math.min(size, b.length - i - 8) / 2;
        short[] out = new short[n];
        le.position(i + 8);
        le.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
      }
      i += 8 + size + (size & 1);
    }
    throw new IOException("no data chunk in " + wav);
  }
}
