package io.liveguard.platform.ingest;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Parses trusted JSONL (demo data, replay files read in-process) into events. */
public final class JsonlEvents {
  private JsonlEvents() {}

  /**
   * Parses every non-blank line.
   *
   * @throws IllegalArgumentException naming the line of the first invalid event
   */
  public static List<IncomingEvent> parse(String jsonl) {
    List<IncomingEvent> out = new ArrayList<>();
    String[] lines = jsonl.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      try {
        JsonNode n = IngestController.STRICT.readTree(lines[i]);
        out.add(EnvelopeCodec.parse(n));
      } catch (EnvelopeCodec.Invalid e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
      } catch (tools.jackson.core.JacksonException e) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": not valid JSON: " + e.getOriginalMessage(), e);
      }
    }
    return out;
  }
}
