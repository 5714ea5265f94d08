package io.liveguard.stream.testing;

import io.liveguard.detect.Channel;
import io.liveguard.detect.Finding;
import io.liveguard.detect.Severity;
import io.liveguard.stream.analysis.Outcome;
import io.liveguard.stream.analysis.RoomAnalyzer;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A test analyzer whose findings show its state: each event raises one finding whose {@code
 * matched} text is the ids of every event the room has analysed so far, in order. So a test sees at
 * once the order events were analysed in, and whether state was kept, restored or released. {@code
 * session_ended} releases the state.
 */
public final class SequenceAnalyzer implements RoomAnalyzer<SequenceAnalyzer.Seen> {

  private static final long serialVersionUID = 1L;

  /** The ids analysed so far, space-separated. */
  public record Seen(String ids) {}

  @Override
  public TypeInformation<Seen> stateType() {
    return Types.POJO(Seen.class);
  }

  @Override
  public Seen start(String key) {
    return new Seen("");
  }

  @Override
  public Outcome<Seen> analyze(Seen state, EventRecord event) {
    if (event.type().equals("session_ended")) {
      return new Outcome<>(null, List.of());
    }
    String ids = state.ids().isEmpty() ? event.id() : state.ids() + " " + event.id();
    Finding f =
        new Finding(
            "seq",
            "test",
            Severity.NOTICE,
            Channel.SPEECH,
            0,
            0,
            ids,
            "seq",
            List.of(),
            "",
            "",
            List.of());
    return new Outcome<>(
        new Seen(ids),
        List.of(
            FindingRecord.of(
                event.key(), event.session(), event.at(), new String[] {event.id()}, f)));
  }

  /** The {@code matched} text of a finding record: the sequence at that event. */
  public static String sequence(FindingRecord r) {
    String marker = "\"matched\":\"";
    int b = r.finding().indexOf(marker) + marker.length();
    return r.finding().substring(b, r.finding().indexOf('"', b));
  }
}
