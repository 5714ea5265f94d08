package io.liveguard.media.task;

import io.liveguard.media.capture.MediaSource;
import io.liveguard.media.scan.MediaScanner;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A {@link RoomWatchers.WorkerFactory} whose workers are {@link MediaScanner}s, each running on its
 * own thread until its session ends or the scheduler stops it.
 */
public final class ScannerWorkers implements RoomWatchers.WorkerFactory {

  /**
   * What a worker needs to watch a room: the scanner (configured for the elements) and the source.
   */
  public record Launch(MediaScanner scanner, MediaSource source) {
    public Launch {
      Objects.requireNonNull(scanner, "scanner");
      Objects.requireNonNull(source, "source");
    }
  }

  /** Prepares a scanner for a room; the host knows the room's stream URL and session. */
  @FunctionalInterface
  public interface Launcher {
    /** A scanner for {@code room} watching {@code elements}, and the room's source. */
    Launch prepare(String room, Set<MonitoringTask.Element> elements) throws Exception;
  }

  private final Launcher launcher;
  private final BiConsumer<String, Object> ended;

  /**
   * Workers prepared by {@code launcher}; {@code ended} receives each room's end: the scan's {@link
   * MediaScanner.Summary}, or the exception that ended it.
   */
  public ScannerWorkers(Launcher launcher, BiConsumer<String, Object> ended) {
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.ended = Objects.requireNonNull(ended, "ended");
  }

  @Override
  public RoomWatchers.Worker start(String room, Set<MonitoringTask.Element> elements)
      throws Exception {
    Launch l = launcher.prepare(room, elements);
    Thread t =
        new Thread(
            () -> {
              Object result;
              try {
                result = l.scanner().run(l.source());
              } catch (Exception | Error e) {
                result = e;
              }
              ended.accept(room, result);
            },
            "watch-" + room);
    t.setDaemon(true);
    t.start();
    return new RoomWatchers.Worker() {
      @Override
      public void stop() {
        l.scanner().stop();
      }

      @Override
      public boolean running() {
        return t.isAlive();
      }
    };
  }
}
