package io.liveguard.media.vad;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.model.ModelStore;
import io.liveguard.media.testmedia.TestMedia;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpeechSegmenterTest {

  static SileroVad vad;
  static Ffmpeg ffmpeg;

  @BeforeAll
  static void load() throws Exception {
    vad = SileroVad.load(ModelStore.defaultStore());
    ffmpeg = Ffmpeg.locate();
  }

  @AfterAll
  static void close() {
    vad.close();
  }

  static List<SpeechSegmenter.Utterance> segment(short[] pcm, int chunk) throws Exception {
    SpeechSegmenter s = new SpeechSegmenter(vad, SpeechSegmenter.Settings.DEFAULT);
    List<SpeechSegmenter.Utterance> out = new ArrayList<>();
    for (int off = 0; off < pcm.length; off += chunk) {
      out.addAll(s.accept(pcm, off, Math.min(chunk, pcm.length - off)));
    }
    out.addAll(s.finish());
    return out;
  }

  @Test
  void findsTwoPhrasesSeparatedBySilenceWhereTheyAre(@TempDir Path dir) throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path a = media.speech(dir.resolve("a.wav"), "cmn-latn-pinyin", "quan2 wang3 zui4 di1 jia4");
    Path b = media.speech(dir.resolve("b.wav"), "en-us", "only today, buy it now");
    short[] pa = ffmpeg.decodePcm16k(a, 60);
    Path seq = media.sequence(dir.resolve("seq.wav"), List.of(a, b), 1.5, 0);
    short[] pcm = ffmpeg.decodePcm16k(seq, 60);

    List<SpeechSegmenter.Utterance> us = segment(pcm, 1234);

    assertThat(us).hasSize(2);
    // the first phrase starts after 1.5 s of silence; espeak adds little lead-in
    assertThat(us.get(0).startMillis()).isBetween(1300L, 1900L);
    long secondStart = 1500 + pa.length * 1000L / 16000 + 1500;
    assertThat(us.get(1).startMillis()).isBetween(secondStart - 400, secondStart + 400);
    assertThat(us.get(0).endMillis()).isLessThan(us.get(1).startMillis());
    assertThat(us.get(0).pcm()).hasSize((int) (us.get(0).endSample() - us.get(0).startSample()));
  }

  @Test
  void continuousSpeechReachesTheRecognizerInPiecesCutAtBreaths(@TempDir Path dir)
      throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path a =
        media.speech(
            dir.resolve("a.wav"),
            "cmn-latn-pinyin",
            "quan2 wang3 zui4 di1 jia4 jin1 tian1 zhi3 yao4 jiu3 shi2 jiu3");
    short[] phrase = trim(ffmpeg.decodePcm16k(a, 60));
    // the phrase six times with 150 ms breaths: never the 300 ms of silence that ends an
    // utterance, as a streamer talking on
    int breath = 16000 * 150 / 1000;
    short[] pcm = new short[8000 + 6 * (phrase.length + breath) + 8000];
    for (int i = 0; i < 6; i++) {
      System.arraycopy(phrase, 0, pcm, 8000 + i * (phrase.length + breath), phrase.length);
    }

    List<SpeechSegmenter.Utterance> us = segment(pcm, 1600);
    SpeechSegmenter plain =
        new SpeechSegmenter(vad, new SpeechSegmenter.Settings(0.5f, 300, 200, 100, 60_000));
    List<SpeechSegmenter.Utterance> whole = new ArrayList<>(plain.accept(pcm, 0, pcm.length));
    whole.addAll(plain.finish());
    System.out.println(
        "speech "
            + pcm.length / 16
            + " ms; soft-cut utterances "
            + us.stream().map(u -> u.startMillis() + "-" + u.endMillis()).toList()
            + "; without soft cut "
            + whole.stream().map(u -> u.startMillis() + "-" + u.endMillis()).toList());

    // without the soft cut, the whole stretch reaches the recognizer only at its end
    assertThat(whole).hasSize(1);
    assertThat(whole.get(0).endMillis() - whole.get(0).startMillis()).isGreaterThan(12_000);
    // with it, no piece is longer than the 8 s hard limit, and there are more pieces
    assertThat(us).allMatch(u -> u.endMillis() - u.startMillis() <= 8000);
    assertThat(us.size()).isGreaterThan(whole.size());
    // every cut falls in a breath: the last 64 ms before it are quiet
    for (SpeechSegmenter.Utterance u : us.subList(0, us.size() - 1)) {
      short[] p = u.pcm();
      assertThat(rms(p, p.length - 1024, p.length))
          .as("cut at %d ms", u.endMillis())
          .isLessThan(0.2 * rms(p, 0, p.length));
    }
  }

  /** The phrase without espeak's leading and trailing silence. */
  static short[] trim(short[] p) {
    int from = 0;
    int to = p.length;
    while (from < to && Math.abs(p[from]) < 300) {
      from++;
    }
    while (to > from && Math.abs(p[to - 1]) < 300) {
      to--;
    }
    return java.util.Arrays.copyOfRange(p, from, to);
  }

  static double rms(short[] p, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) p[i] * p[i];
    }
    return Math.sqrt(sum / Math.max(1, to - from));
  }

  @Test
  void chunkSizeDoesNotChangeTheResult(@TempDir Path dir) throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path a = media.speech(dir.resolve("a.wav"), "en-us", "the lowest price anywhere");
    Path seq = media.sequence(dir.resolve("seq.wav"), List.of(a), 0.7, 3);
    short[] pcm = ffmpeg.decodePcm16k(seq, 60);
    List<SpeechSegmenter.Utterance> one = segment(pcm, 160);
    List<SpeechSegmenter.Utterance> two = segment(pcm, 4096);
    assertThat(one).hasSize(1);
    assertThat(two).hasSize(1);
    assertThat(one.get(0).startSample()).isEqualTo(two.get(0).startSample());
    assertThat(one.get(0).endSample()).isEqualTo(two.get(0).endSample());
  }

  @Test
  void silenceAndLowNoiseHoldNoSpeech() throws Exception {
    short[] pcm = new short[16000 * 3];
    java.util.Random r = new java.util.Random(7);
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) (r.nextGaussian() * 30);
    }
    assertThat(segment(pcm, 1000)).isEmpty();
  }
}
