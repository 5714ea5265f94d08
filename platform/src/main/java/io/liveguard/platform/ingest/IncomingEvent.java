package io.liveguard.platform.ingest;

import java.time.Instant;

/**
 * An event accepted at the ingest boundary: its envelope (docs/events.md) and its JSON as received,
 * re-serialized compactly.
 */
public record IncomingEvent(
    String id,
    String type,
    String platform,
    String room,
    String session,
    Instant at,
    String json) {}
