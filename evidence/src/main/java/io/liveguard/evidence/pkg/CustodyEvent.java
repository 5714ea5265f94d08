package io.liveguard.evidence.pkg;

import io.liveguard.evidence.blob.BlobKeys;
import io.liveguard.evidence.json.Json;
import io.liveguard.evidence.json.JsonException;
import io.liveguard.evidence.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One chain-of-custody event about a piece of evidence, recorded as a log entry of its own; its
 * canonical JSON bytes are the leaf.
 *
 * @param action what happened
 * @param evidence the evidence id (SHA-256 hex of the manifest)
 * @param actor who did it
 * @param time when (ISO-8601 UTC)
 * @param note free text, may be empty
 */
public record CustodyEvent(Action action, String evidence, String actor, String time, String note) {

  /** The {@code type} field of custody events. */
  public static final String TYPE = "liveguard.evidence/custody/v1";

  /** Custody actions, with their Chinese labels for reports. */
  public enum Action {
    VIEWED("查看"),
    EXPORTED("导出"),
    HANDED_OVER("移交"),
    LEGAL_HOLD("诉讼保全"),
    DELETED("删除");

    private final String zh;

    Action(String zh) {
      this.zh = zh;
    }

    /** Returns the Chinese label. */
    public String zh() {
      return zh;
    }

    /** Returns the wire name, e.g. {@code handed_over}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name. */
    public static Action fromWire(String s) {
      for (Action a : values()) {
        if (a.wire().equals(s)) {
          return a;
        }
      }
      throw new IllegalArgumentException(
          "unknown custody action \""
              + s
              + "\"; use viewed, exported, handed_over, legal_hold or deleted");
    }
  }

  public CustodyEvent {
    BlobKeys.check(evidence);
  }

  /** Returns the canonical JSON bytes. */
  public byte[] toBytes() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("action", action.wire());
    m.put("evidence", evidence);
    m.put("actor", actor);
    m.put("time", time);
    m.put("note", note);
    return Json.canonical(m);
  }

  /** Parses canonical custody event bytes. */
  public static CustodyEvent parse(byte[] bytes) throws JsonException {
    JsonObject o = JsonObject.parse(bytes, "custody");
    if (!TYPE.equals(o.string("type"))) {
      throw new JsonException("custody.type: expected " + TYPE);
    }
    CustodyEvent e;
    try {
      e =
          new CustodyEvent(
              Action.fromWire(o.string("action")),
              o.string("evidence"),
              o.string("actor"),
              o.string("time"),
              o.string("note"));
    } catch (IllegalArgumentException ex) {
      throw new JsonException("custody: " + ex.getMessage());
    }
    if (!Arrays.equals(e.toBytes(), bytes)) {
      throw new JsonException("custody event is not in canonical form (or has unknown fields)");
    }
    return e;
  }
}
