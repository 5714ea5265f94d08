package io.liveguard.media.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.evidence.blob.FileBlobStore;
import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.testmedia.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCaptureTest {

  final Ffmpeg ffmpeg = Ffmpeg.locate();

  @Test
  void recordsSegmentsAudioAndKeyframesOfALocalFile(@TempDir Path dir) throws Exception {
    TestMedia media = new TestMedia(ffmpeg);
    Path speech = media.speech(dir.resolve("s.wav"), "en-us", "only today");
    Path video =
        media.video(
            dir.resolve("v.mp4"), 640, 360, 6, List.of(TestMedia.Banner.of("仅限今天", 0, 6)), speech);
    SegmentSpool spool =
        new SegmentSpool(
            dir.resolve("spool"),
            new FileBlobStore(dir.resolve("blobs")),
            SegmentSpool.Retention.DEFAULT);
    RecordingListener l = new RecordingListener();
    Capture c =
        new Capture(
            ffmpeg,
            MediaSource.parse(video.toString(), MediaSource.Policy.LOCAL),
            spool,
            Capture.Settings.DEFAULT,
            l,
            InstantSource.system());
    c.start();
    assertThat(c.await(Duration.ofSeconds(60))).isEqualTo(Capture.State.ENDED);

    // 6 s of audio at 16 kHz
    assertThat(l.samples).isBetween(16000L * 59 / 10, 16000L * 61 / 10);
    // a keyframe every second of media: 0, 1, … 5 s
    assertThat(l.frameTimes).startsWith(0L, 1000L, 2000L, 3000L, 4000L, 5000L);
    assertThat(l.frames).allMatch(Files::exists);
    // 2 s segments covering the file without gaps, none partial
    assertThat(l.segments).hasSizeBetween(3, 4);
    for (int i = 1; i < l.segments.size(); i++) {
      assertThat(l.segments.get(i).startMillis()).isEqualTo(l.segments.get(i - 1).endMillis());
    }
    assertThat(l.segments).noneMatch(SegmentSpool.Segment::partial);
    assertThat(l.segments.get(l.segments.size() - 1).endMillis()).isBetween(5900L, 6100L);
    // each segment is itself a playable TS with audio
    short[] pcm = ffmpeg.decodePcm16k(l.segments.get(0).file(), 10);
    assertThat(pcm.length).isGreaterThan(16000);
  }

  @Test
  void reportsANonVideoFileAsFailedWithFfmpegsReason(@TempDir Path dir) throws Exception {
    Path bogus = dir.resolve("clip.mp4");
    Files.writeString(bogus, "this is not a video, just text pretending to be one\n".repeat(100));
    SegmentSpool spool =
        new SegmentSpool(
            dir.resolve("spool"),
            new FileBlobStore(dir.resolve("blobs")),
            SegmentSpool.Retention.DEFAULT);
    RecordingListener l = new RecordingListener();
    Capture c =
        new Capture(
            ffmpeg,
            MediaSource.parse(bogus.toString(), MediaSource.Policy.LOCAL),
            spool,
            Capture.Settings.DEFAULT,
            l,
            InstantSource.system());
    c.start();
    assertThat(c.await(Duration.ofSeconds(30))).isEqualTo(Capture.State.FAILED);
    assertThat(c.attempts()).isEqualTo(1);
    Capture.Status last = l.statuses.get(l.statuses.size() - 1);
    assertThat(last.message()).contains("无法读取媒体文件").contains("Invalid data");
    assertThat(l.segments).isEmpty();
  }
}
