package io.liveguard.media.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.Detector;
import io.liveguard.evidence.blob.FileBlobStore;
import io.liveguard.media.capture.Backoff;
import io.liveguard.media.capture.Capture;
import io.liveguard.media.capture.MediaSource;
import io.liveguard.media.capture.SegmentSpool;
import io.liveguard.media.event.MediaEvent;
import io.liveguard.media.ffmpeg.Ffmpeg;
import io.liveguard.media.model.ModelStore;
import io.liveguard.media.ocr.PpOcr;
import io.liveguard.media.scan.MediaScanner;
import io.liveguard.media.scan.ScanSink;
import io.liveguard.media.testmedia.TestMedia;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler driving real capture workers: ffmpeg watching three rooms' streams (local files
 * played at their real pace) with two capture slots and one speech slot; an early warning raises a
 * room through {@link RoomPriorities}. The workers here run screen text only (PP-OCR); the speech
 * slot is checked on the elements granted, not by running an ASR engine.
 */
class RoomWatchersIT {

  final Ffmpeg ffmpeg = Ffmpeg.locate();

  @Test
  void startsStopsAndRotatesCaptureWorkersWithinCapacityAndPriorities(@TempDir Path dir)
      throws Exception {
    Path video =
        new TestMedia(ffmpeg).video(dir.resolve("room.mp4"), 320, 180, 60, List.of(), null);
    Map<String, RoomRisk> rooms =
        Map.of(
            "A", new RoomRisk("A", true, null, 0, 0),
            "B", new RoomRisk("B", true, null, 0, 0),
            "C", new RoomRisk("C", true, null, 0, 0));
    List<MonitoringTask> tasks =
        List.of(
            new MonitoringTask(
                "t-1",
                rooms.keySet(),
                EnumSet.of(MonitoringTask.Element.SCREEN, MonitoringTask.Element.SPEECH),
                MonitoringTask.Schedule.CONTINUOUS,
                1));
    Map<String, Integer> warnings = new ConcurrentHashMap<>();
    AtomicInteger live = new AtomicInteger();
    AtomicInteger maxLive = new AtomicInteger();
    Map<String, List<Capture.State>> states = new ConcurrentHashMap<>();
    Map<String, Object> ends = new ConcurrentHashMap<>();
    List<Set<MonitoringTask.Element>> granted = Collections.synchronizedList(new ArrayList<>());
    try (PpOcr ocr = PpOcr.load(ModelStore.defaultStore(), 1)) {
      ScannerWorkers.Launcher launcher =
          (room, elements) -> {
            granted.add(elements);
            int n = live.incrementAndGet();
            maxLive.accumulateAndGet(n, Math::max);
            states.put(room, Collections.synchronizedList(new ArrayList<>()));
            ScanSink sink =
                new ScanSink() {
                  @Override
                  public void event(MediaEvent e) {}

                  @Override
                  public void finding(MediaEvent e, io.liveguard.detect.Finding f) {}

                  @Override
                  public void status(Capture.Status s) {
                    states.get(room).add(s.state());
                  }
                };
            FileBlobStore blobs = new FileBlobStore(dir.resolve("blobs"));
            MediaScanner scanner =
                new MediaScanner(
                    ffmpeg,
                    new MediaScanner.Config(
                        new MediaEvent.Origin("other", room, "s-1"),
                        false,
                        true,
                        new Capture.Settings(1, 1, true, 0, Duration.ofSeconds(8), Backoff.DEFAULT),
                        null,
                        LocalDate.of(2025, 11, 8),
                        0.5,
                        30_000,
                        2_000),
                    Detector.bundled(),
                    null,
                    null,
                    ocr,
                    new SegmentSpool(
                        dir.resolve("spool-" + room + "-" + System.nanoTime()),
                        blobs,
                        SegmentSpool.Retention.DEFAULT),
                    null,
                    sink,
                    InstantSource.system());
            return new ScannerWorkers.Launch(
                scanner, MediaSource.parse(video.toString(), MediaSource.Policy.LOCAL));
          };
      ScannerWorkers factory =
          new ScannerWorkers(
              launcher,
              (room, result) -> {
                live.decrementAndGet();
                ends.put(room + "#" + System.nanoTime(), result);
              });
      try (RoomWatchers watchers =
          new RoomWatchers(
              new RoomWatchers.Capacity(2, 1),
              factory,
              () -> tasks,
              () -> rooms,
              r -> warnings.getOrDefault(r, 0),
              () -> CoverageSchedulerTest.NOW)) {
        RoomWatchers.Round r1 = watchers.round();
        assertThat(r1.started()).hasSize(2);
        assertThat(r1.running()).hasSize(2);
        assertThat(r1.plan().eligible()).isEqualTo(3);
        // one speech slot: one of the two gets speech, the other is watched without it
        assertThat(r1.speechDenied()).hasSize(1);
        assertThat(r1.started().values())
            .filteredOn(e -> e.contains(MonitoringTask.Element.SPEECH))
            .hasSize(1);
        for (String room : r1.running()) {
          waitFor(
              () -> states.get(room).contains(Capture.State.CONNECTED), 30, room + " connected");
        }
        String idle =
            rooms.keySet().stream().filter(x -> !r1.running().contains(x)).findFirst().get();

        // an early warning raises the idle room: it is watched at once, within the capacity
        warnings.put(idle, 5);
        RoomWatchers.Round r2 = watchers.round();
        assertThat(r2.started()).containsKey(idle);
        assertThat(r2.running()).hasSize(2).contains(idle);
        // the raised room has the highest share: the speech slot moves to it
        assertThat(r2.started().get(idle)).contains(MonitoringTask.Element.SPEECH);
        String rotatedOut =
            r1.running().stream().filter(x -> !r2.running().contains(x)).findFirst().get();
        assertThat(r2.stopped()).contains(rotatedOut);
        waitFor(
            () -> states.get(rotatedOut).contains(Capture.State.STOPPED),
            30,
            rotatedOut + " stopped");
        waitFor(() -> !watchers.running().contains(rotatedOut), 30, rotatedOut + " ended");

        // the raised room stays watched; the other two share the second slot in turn
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
          RoomWatchers.Round r = watchers.round();
          assertThat(r.running()).hasSizeLessThanOrEqualTo(2).contains(idle);
          seen.addAll(r.running());
          assertThat(live.get()).isLessThanOrEqualTo(2);
        }
        assertThat(seen).containsExactlyInAnyOrder("A", "B", "C");
      }
      // closing stops every worker
      waitFor(() -> live.get() == 0, 60, "all workers ended");
    }
    // never more than two workers alive at once, counting those still stopping
    assertThat(maxLive.get()).isEqualTo(2);
    assertThat(ends.values())
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        MediaScanner.Summary.class,
                        s -> assertThat(s.state()).isEqualTo(Capture.State.STOPPED)));
  }

  static void waitFor(java.util.function.BooleanSupplier c, int seconds, String what)
      throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }
}
