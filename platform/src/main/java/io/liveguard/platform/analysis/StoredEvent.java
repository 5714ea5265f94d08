package io.liveguard.platform.analysis;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** An event as read back from the event table for analysis. */
record StoredEvent(
    long seq,
    String id,
    String type,
    String platform,
    String room,
    String session,
    Instant at,
    JsonNode body) {

  String sessionKey() {
    return platform + "|" + room + "|" + session;
  }

  String text(String field) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }
}
