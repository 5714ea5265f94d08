package io.liveguard.stream.analysis;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.Payload;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A stand-in room analyzer until the session analyzer of {@code detect} lands: it checks the text
 * of every text event ({@code transcript}, {@code screen_text}, {@code chat}, {@code script}, a
 * listing's {@code title}) with {@link Detector#check} and remembers the product category of the
 * last listing or script, so that later speech is checked against that category's rules.
 *
 * <p>Deterministic: the conduct date is the event's date in Asia/Shanghai, never the clock. A
 * {@code session_ended} event releases the room's state; an event of another session starts over.
 */
public final class TextCheckAnalyzer implements RoomAnalyzer<TextCheckState> {

  private static final long serialVersionUID = 1L;

  private transient Detector detector;

  @Override
  public TypeInformation<TextCheckState> stateType() {
    return Types.POJO(TextCheckState.class);
  }

  @Override
  public TextCheckState start(String key) {
    return new TextCheckState("", 0, null, 0);
  }

  @Override
  public Outcome<TextCheckState> analyze(TextCheckState state, EventRecord record) {
    TextCheckState s =
        record.session().equals(state.session())
            ? state
            : new TextCheckState(record.session(), 0, null, 0);
    Event event = record.event();
    String product = s.product();
    Channel channel = null;
    String text = null;
    Payload p = event.payload();
    if (p instanceof Payload.SessionEnded) {
      return new Outcome<>(null, List.of());
    } else if (p instanceof Payload.Transcript t) {
      channel = Channel.SPEECH;
      text = t.text();
    } else if (p instanceof Payload.ScreenText t) {
      channel = Channel.SCREEN;
      text = t.text();
    } else if (p instanceof Payload.Chat c) {
      channel = Channel.CHAT;
      text = c.text();
    } else if (p instanceof Payload.Script sc) {
      channel = Channel.SCRIPT;
      text = sc.text();
      product = sc.category() != null ? sc.category() : product;
    } else if (p instanceof Payload.Listing l) {
      channel = Channel.LISTING;
      text = l.title();
      product = l.category() != null ? l.category() : product;
    }
    List<FindingRecord> out = new ArrayList<>();
    if (text != null && !text.isEmpty()) {
      String[] cited = {record.id()};
      for (Finding f :
          detector().check(text, new CheckOptions(channel, product, event.conductDate()))) {
        out.add(FindingRecord.of(record.key(), record.session(), record.at(), cited, f));
      }
    }
    return new Outcome<>(
        new TextCheckState(record.session(), s.events() + 1, product, record.at()), out);
  }

  private Detector detector() {
    if (detector == null) {
      detector = Detector.bundled();
    }
    return detector;
  }
}
