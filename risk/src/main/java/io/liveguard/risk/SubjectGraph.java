package io.liveguard.risk;

import java.util.OptionalLong;

/**
 * How subjects are linked, as the registry records it: a room's streamer and operating enterprise,
 * a streamer's rooms and MCN, an MCN's streamers. MCN agencies are named by their enterprise id.
 * Implementations answer from memory or from the registry; arrays returned are not modified.
 */
public interface SubjectGraph {
  OptionalLong streamerOf(long room);

  OptionalLong enterpriseOf(long room);

  /** The riskiest product category the room sells (a category id), or {@code null}. */
  String categoryOf(long room);

  long[] roomsOfStreamer(long streamer);

  /** The enterprise id of the streamer's MCN agency. */
  OptionalLong mcnOf(long streamer);

  /** The streamers signed to the MCN agency that is this enterprise. */
  long[] streamersOfMcn(long enterprise);

  /** The rooms this enterprise operates. */
  long[] roomsOfEnterprise(long enterprise);
}
