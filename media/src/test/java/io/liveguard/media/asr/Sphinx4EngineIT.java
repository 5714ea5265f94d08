package io.liveguard.media.asr;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.testmedia.TestMedia;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sphinx-4 on espeak-ng speech: an utterance's transcript depends on that utterance alone. */
class Sphinx4EngineIT {

  @Test
  void theSameUtteranceGivesTheSameTranscriptWhateverWasDecodedBefore(@TempDir Path dir)
      throws Exception {
    Ffmpeg ffmpeg = Ffmpeg.locate();
    TestMedia media = new TestMedia(ffmpeg);
    short[] phrase =
        pcm(
            ffmpeg,
            media.speech(dir.resolve("p.wav"), "en-us", "this is the lowest price anywhere"));
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
        asr.transcribe(
            pcm(ffmpeg, media.speech(dir.resolve(i + ".wav"), "en-us", before.get(i))), 0);
        assertThat(text(asr.transcribe(phrase, 0)))
            .as("the phrase after \"%s\"", before.get(i))
            .isEqualTo(alone);
      }
    }
  }

  @Test
  void wordTimesAreOnTheMediaClockAndInsideTheUtterance(@TempDir Path dir) throws Exception {
    Ffmpeg ffmpeg = Ffmpeg.locate();
    TestMedia media = new TestMedia(ffmpeg);
    short[] phrase =
        pcm(
            ffmpeg,
            media.speech(dir.resolve("p.wav"), "en-us", "this is the lowest price anywhere"));
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

  private static short[] pcm(Ffmpeg ffmpeg, Path wav) throws Exception {
    return ffmpeg.decodePcm16k(wav, 30);
  }

  private static String text(List<TranscriptSegment> segments) {
    return String.join(" / ", segments.stream().map(TranscriptSegment::text).toList());
  }
}
