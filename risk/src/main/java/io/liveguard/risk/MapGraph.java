package io.liveguard.risk;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A {@link SubjectGraph} built in memory: tests, simulations, benchmarks, and the platform's
 * snapshot of the registry. Build with {@link #room} and {@link #signStreamer}; not thread-safe
 * while being built.
 */
public final class MapGraph implements SubjectGraph {
  private static final long[] NONE = {};
  private final Map<Long, long[]> roomInfo = new HashMap<>(); // room → {streamer, enterprise}
  private final Map<Long, String> categories = new HashMap<>();
  private final Map<Long, long[]> streamerRooms = new HashMap<>();
  private final Map<Long, long[]> enterpriseRooms = new HashMap<>();
  private final Map<Long, Long> mcn = new HashMap<>();
  private final Map<Long, long[]> mcnStreamers = new HashMap<>();

  /**
   * Registers a room with its streamer and operating enterprise (0: none) and its riskiest product
   * category ({@code null}: none).
   */
  public MapGraph room(long room, long streamer, long enterprise, String category) {
    if (roomInfo.containsKey(room)) {
      throw new IllegalArgumentException("room " + room + " registered twice");
    }
    roomInfo.put(room, new long[] {streamer, enterprise});
    if (category != null) {
      categories.put(room, category);
    }
    if (streamer > 0) {
      streamerRooms.merge(streamer, new long[] {room}, MapGraph::concat);
    }
    if (enterprise > 0) {
      enterpriseRooms.merge(enterprise, new long[] {room}, MapGraph::concat);
    }
    return this;
  }

  /** Signs a streamer to the MCN agency that is enterprise {@code mcnEnterprise}. */
  public MapGraph signStreamer(long streamer, long mcnEnterprise) {
    if (mcn.put(streamer, mcnEnterprise) != null) {
      throw new IllegalArgumentException("streamer " + streamer + " signed twice");
    }
    mcnStreamers.merge(mcnEnterprise, new long[] {streamer}, MapGraph::concat);
    return this;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Override
  public OptionalLong streamerOf(long room) {
    long[] i = roomInfo.get(room);
    return i == null || i[0] <= 0 ? OptionalLong.empty() : OptionalLong.of(i[0]);
  }

  @Override
  public OptionalLong enterpriseOf(long room) {
    long[] i = roomInfo.get(room);
    return i == null || i[1] <= 0 ? OptionalLong.empty() : OptionalLong.of(i[1]);
  }

  @Override
  public String categoryOf(long room) {
    return categories.get(room);
  }

  @Override
  public long[] roomsOfStreamer(long streamer) {
    return streamerRooms.getOrDefault(streamer, NONE);
  }

  @Override
  public OptionalLong mcnOf(long streamer) {
    Long m = mcn.get(streamer);
    return m == null ? OptionalLong.empty() : OptionalLong.of(m);
  }

  @Override
  public long[] streamersOfMcn(long enterprise) {
    return mcnStreamers.getOrDefault(enterprise, NONE);
  }

  @Override
  public long[] roomsOfEnterprise(long enterprise) {
    return enterpriseRooms.getOrDefault(enterprise, NONE);
  }
}
