package io.liveguard.stream.analysis;

import io.liveguard.detect.Channel;
import io.liveguard.detect.CheckOptions;
import io.liveguard.detect.Detector;
import io.liveguard.detect.Finding;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.FindingRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in room analyzer until the session analyzer of {@code detect} lands: it checks the text
 * of every text event ({@code transcript}, {@code screen_text}, {@code chat}, {@code script}, a
 * listing's {@code title}) with {@link Detector#check} and remembers the product category of the
 * last listing, so that later speech is checked against that category's rules.
 *
 * <p>Deterministic: the conduct date is the event's date in Asia/Shanghai, never the clock. A
 * {@code session_ended} event releases the room's state; an event of another session starts over.
 */
public final class TextCheckAnalyzer implements RoomAnalyzer<TextCheckState> {

  private static final long serialVersionUID = 1L;

  private static final JsonMapper JSON = JsonMapper.builder().build();

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
  public Outcome<TextCheckState> analyze(TextCheckState state, EventRecord event) {
    TextCheckState s =
        event.session().equals(state.session())
            ? state
            : new TextCheckState(event.session(), 0, null, 0);
    if (event.type().equals("session_ended")) {
      return new Outcome<>(null, List.of());
    }
    JsonNode node;
    try {
      node = JSON.readTree(event.json());
    } catch (JacksonException e) {
      // The reader accepted this JSON already; a failure here is a bug, not bad input.
      throw new IllegalStateException("event " + event.id() + " is not readable JSON", e);
    }
    String product = s.product();
    Channel channel;
    String text;
    switch (event.type()) {
      case "transcript" -> {
        channel = Channel.SPEECH;
        text = string(node, "text");
      }
      case "screen_text" -> {
        channel = Channel.SCREEN;
        text = string(node, "text");
      }
      case "chat" -> {
        channel = Channel.CHAT;
        text = string(node, "text");
      }
      case "script" -> {
        channel = Channel.SCRIPT;
        text = string(node, "text");
      }
      case "listing" -> {
        channel = Channel.LISTING;
        text = string(node, "title");
        String category = string(node, "category");
        if (category != null) {
          product = category;
        }
      }
      default -> {
        channel = null;
        text = null;
      }
    }
    List<FindingRecord> out = new ArrayList<>();
    if (text != null && !text.isEmpty() && text.length() <= Detector.MAX_TEXT_LENGTH) {
      LocalDate date = LocalDate.ofInstant(Instant.ofEpochMilli(event.at()), Detector.CHINA);
      String[] cited = {event.id()};
      for (Finding f : detector().check(text, new CheckOptions(channel, product, date))) {
        out.add(FindingRecord.of(event.key(), event.session(), event.at(), cited, f));
      }
    }
    return new Outcome<>(
        new TextCheckState(event.session(), s.events() + 1, product, event.at()), out);
  }

  private Detector detector() {
    if (detector == null) {
      detector = Detector.bundled();
    }
    return detector;
  }

  private static String string(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isString() ? v.stringValue() : null;
  }
}
