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
