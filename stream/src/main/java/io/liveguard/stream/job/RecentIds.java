package io.liveguard.stream.job;

import java.util.Arrays;

/**
 * The ids of the last {@link #CAPACITY} events of a room, to drop an event delivered twice (an
 * at-least-once producer upstream, a replayed ingest batch). A ring of fixed size, so its state
 * stays bounded: about {@code CAPACITY × (id length + 5)} bytes.
 *
 * @param ids the ring; empty slots are {@code null}
 * @param next the slot the next id goes into
 */
public record RecentIds(String[] ids, int next) {

  /** How many ids a room remembers. */
  public static final int CAPACITY = 256;

  public RecentIds {
    if (ids.length != CAPACITY || next < 0 || next >= CAPACITY) {
      throw new IllegalArgumentException(
          "ring of " + ids.length + " slots at " + next + ", expected " + CAPACITY);
    }
  }

  /** An empty ring. */
  public static RecentIds empty() {
    return new RecentIds(new String[CAPACITY], 0);
  }

  /** Whether {@code id} is among the remembered ids. */
  public boolean contains(String id) {
    for (String s : ids) {
      if (id.equals(s)) {
        return true;
      }
    }
    return false;
  }

  /** The ring with {@code id} added, forgetting the oldest id when full. */
  public RecentIds add(String id) {
    String[] copy = Arrays.copyOf(ids, CAPACITY);
    copy[next] = id;
    return new RecentIds(copy, (next + 1) % CAPACITY);
  }
}
