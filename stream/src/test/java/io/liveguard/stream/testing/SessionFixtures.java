package io.liveguard.stream.testing;

import io.liveguard.detect.event.EventFormatException;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.session.SessionAnalyzer;
import io.liveguard.detect.session.SessionFinding;
import io.liveguard.stream.analysis.SessionRoomAnalyzer;
import io.liveguard.stream.topic.FindingRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The session fixtures of {@code detect} (listings vs claims, fictitious original prices, PK
 * battles, counterfeit cues, out-of-order events …), each replayed as its own room, and the
 * embedded reference: one {@link SessionAnalyzer} over a whole stream, as the platform and {@code
 * liveguard replay} run it.
 */
public final class SessionFixtures {

  private static final Path DIR = Path.of("..", "detect", "src", "test", "resources", "sessions");

  private SessionFixtures() {}

  /** Every fixture's events, each fixture in a room named after it, in file order. */
  public static List<List<String>> sessions() throws IOException {
    if (!Files.isDirectory(DIR)) {
      throw new IllegalStateException("session fixtures not found at " + DIR.toAbsolutePath());
    }
    List<List<String>> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        String room = "fx-" + f.getFileName().toString().replace(".jsonl", "");
        List<String> events = new ArrayList<>();
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isBlank() && !line.startsWith("#")) {
            events.add(line.replaceAll("\"room\":\"[^\"]*\"", "\"room\":\"" + room + "\""));
          }
        }
        out.add(events);
      }
    }
    return out;
  }

  /** Interleaves sessions as concurrent rooms would arrive: round robin, each in its own order. */
  public static List<String> interleave(List<List<String>> sessions) {
    List<String> out = new ArrayList<>();
    int longest = sessions.stream().mapToInt(List::size).max().orElse(0);
    for (int i = 0; i < longest; i++) {
      for (List<String> s : sessions) {
        if (i < s.size()) {
          out.add(s.get(i));
        }
      }
    }
    return out;
  }

  /**
   * The findings of one embedded session analyzer over {@code values} in order (unreadable values
   * skipped, as the ingest API refuses them), as the job would publish them, by room.
   */
  public static Map<String, List<String>> embedded(List<String> values) {
    SessionAnalyzer analyzer = SessionAnalyzer.bundled();
    Map<String, List<String>> byRoom = new LinkedHashMap<>();
    for (String v : values) {
      try {
        for (SessionFinding f : analyzer.accept(EventJson.parse(v))) {
          FindingRecord r = SessionRoomAnalyzer.record(f);
          byRoom.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.toJson());
        }
      } catch (EventFormatException unreadable) {
        // refused at the edge in both modes
      }
    }
    return byRoom;
  }
}
