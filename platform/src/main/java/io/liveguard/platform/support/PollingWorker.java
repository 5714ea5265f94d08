package io.liveguard.platform.support;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One background thread that runs rounds of work: as long as a round does something it runs the
 * next at once; when a round finds nothing it sleeps until {@link #wake} or until {@code idle} has
 * passed (so work that arrives without a wake-up, e.g. from another node, is still picked up). A
 * round that throws is logged with {@code failure} and retried after {@code retry}; the worker
 * never dies of an exception. The live analysis, the evidence sealer and the cluster relay are such
 * workers.
 */
public final class PollingWorker {
  /** One round of work. */
  @FunctionalInterface
  public interface Round {
    /**
     * Does what is there to do now.
     *
     * @return how many items it handled; 0 lets the worker sleep
     */
    int run() throws Exception;
  }

  private static final Logger log = LoggerFactory.getLogger(PollingWorker.class);

  private final String name;
  private final Duration idle;
  private final Duration retry;
  private final String failure;
  private final Round round;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private boolean signalled;
  private volatile boolean running;
  private Thread thread;

  /**
   * @param name the thread's name
   * @param idle the longest sleep between empty rounds
   * @param retry the pause after a failed round
   * @param failure what the log says when a round fails (the exception follows)
   * @param round the work
   */
  public PollingWorker(String name, Duration idle, Duration retry, String failure, Round round) {
    this.name = Objects.requireNonNull(name, "name");
    this.idle = requirePositive(idle, "idle");
    this.retry = requirePositive(retry, "retry");
    this.failure = Objects.requireNonNull(failure, "failure");
    this.round = Objects.requireNonNull(round, "round");
  }

  private static Duration requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be a positive duration, was " + d);
    }
    return d;
  }

  /** Starts the thread (a daemon); a worker starts once. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException(name + " was already started");
    }
    running = true;
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks for a round now (e.g. after new work committed). Cheap; safe from any thread. */
  public void wake() {
    lock.lock();
    try {
      signalled = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops the worker: the round under way finishes, no other starts. Waits up to {@code join} for
   * the thread to end.
   */
  public void stop(Duration join) {
    running = false;
    wake();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(join.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the worker was started and not stopped. */
  public boolean running() {
    return running;
  }

  private void loop() {
    while (running) {
      try {
        if (round.run() > 0) {
          continue;
        }
        lock.lock();
        try {
          if (!signalled && running) {
            work.await(idle.toMillis(), TimeUnit.MILLISECONDS);
          }
          signalled = false;
        } finally {
          lock.unlock();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (!running) {
          return;
        }
        log.error("{}: {}; retrying in {} ms", name, failure, retry.toMillis(), e);
        try {
          Thread.sleep(retry.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
