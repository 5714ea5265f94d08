package io.liveguard.bench.session;

import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.session.SessionAnalyzer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory per active session: retained heap of an analyzer holding {@code ROOMS} open sessions after
 * {@code EVENTS} events of the benchmark mix, minus the retained heap of an empty analyzer, divided
 * by the number of sessions. Heap is read after repeated full GCs (MemoryMXBean, used heap); the
 * event-id de-duplication table is counted separately because it is shared by all sessions.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.liveguard.bench.session.SessionMemory}
 */
public final class SessionMemory {

  private SessionMemory() {}

  public static void main(String[] args) throws EventFormatException, InterruptedException {
    int rooms = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int perRoom = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    List<Event> events = new ArrayList<>();
    for (String l : SessionCorpus.jsonl(rooms, rooms * perRoom, 7)) {
      events.add(EventJson.parse(l));
    }
    SessionAnalyzer warm = SessionAnalyzer.bundled();
    for (Event e : events.subList(0, Math.min(5_000, events.size()))) {
      warm.accept(e);
    }
    warm = null;
    long base = used();
    SessionAnalyzer a = SessionAnalyzer.bundled();
    long empty = used();
    for (Event e : events) {
      a.accept(e);
    }
    long full = used();
    int sessions = a.activeSessions();
    // the id table holds one entry per event whatever the number of sessions
    long idBytes = (long) events.size() * 88;
    System.out.printf(
        "sessions %d, events %d (%d per session)%n"
            + "empty analyzer: %,d bytes%n"
            + "retained after replay: %,d bytes (of which event-id table ≈ %,d bytes)%n"
            + "per active session: %,d bytes (excluding the id table: %,d bytes)%n",
        sessions,
        events.size(),
        perRoom,
        empty - base,
        full - empty,
        idBytes,
        (full - empty) / Math.max(1, sessions),
        (full - empty - idBytes) / Math.max(1, sessions));
    if (a.activeSessions() < 0) {
      System.out.println(a);
    }
  }

  private static long used() throws InterruptedException {
    MemoryMXBean m = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      long now = m.getHeapMemoryUsage().getUsed();
      if (now >= last) {
        return now;
      }
      last = now;
    }
    return last;
  }
}
