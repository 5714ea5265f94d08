package io.liveguard.platform.monitor;

import io.liveguard.media.task.MonitoringTask;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A monitoring task as submitted to the API, parsed and validated at the edge; its rooms are named
 * (platform and room id) but not yet resolved against the registry. Every problem found is
 * reported, not only the first.
 */
record TaskDraft(
    String name,
    List<RoomRef> rooms,
    Set<MonitoringTask.Element> elements,
    MonitoringTask.Schedule schedule,
    int priority,
    Boolean active) {

  static final int MAX_NAME = 200;
  static final int MAX_ROOMS = 50;
  static final int MAX_WINDOWS = 20;

  /** A room of the task: its registry key and the address its stream is captured from. */
  record RoomRef(String platform, String room, String stream) {}

  /** One problem: the JSON path of the field, the message key under {@code monitor.}, arguments. */
  record FieldError(String field, String key, Object... args) {}

  /** The outcome of parsing: a draft, or the problems found. */
  record Parsed(TaskDraft draft, List<FieldError> errors) {}

  private static final Pattern PLATFORM = Pattern.compile("[a-z][a-z0-9_]{0,31}");
  private static final Pattern ROOM = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern HHMM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  private static final Set<String> FIELDS =
      Set.of("name", "rooms", "elements", "schedule", "priority", "active");
  private static final Set<String> ROOM_FIELDS = Set.of("platform", "room", "stream");
  private static final Set<String> WINDOW_FIELDS = Set.of("days", "from", "to");
  private static final Map<String, DayOfWeek> DAYS =
      Map.of(
          "MON", DayOfWeek.MONDAY,
          "TUE", DayOfWeek.TUESDAY,
          "WED", DayOfWeek.WEDNESDAY,
          "THU", DayOfWeek.THURSDAY,
          "FRI", DayOfWeek.FRIDAY,
          "SAT", DayOfWeek.SATURDAY,
          "SUN", DayOfWeek.SUNDAY);

  /** Parses a request body under the stream {@code policy}. */
  static Parsed parse(JsonNode body, StreamSources.Policy policy) {
    List<FieldError> errors = new ArrayList<>();
    if (body == null || !body.isObject()) {
      errors.add(new FieldError("", "error.not-object"));
      return new Parsed(null, errors);
    }
    for (var e : body.properties()) {
      if (!FIELDS.contains(e.getKey())) {
        errors.add(new FieldError(clip(e.getKey()), "error.unknown-field", clip(e.getKey())));
      }
    }
    String name = text(body.get("name"), "name", MAX_NAME, true, errors);
    List<RoomRef> rooms = rooms(body.get("rooms"), policy, errors);
    Set<MonitoringTask.Element> elements = elements(body.get("elements"), errors);
    MonitoringTask.Schedule schedule = schedule(body.get("schedule"), errors);
    int priority = 1;
    JsonNode p = body.get("priority");
    if (p != null && !p.isNull()) {
      if (!p.isIntegralNumber() || !p.canConvertToInt() || p.asInt() < 1 || p.asInt() > 5) {
        errors.add(new FieldError("priority", "error.priority"));
      } else {
        priority = p.asInt();
      }
    }
    Boolean active = null;
    JsonNode a = body.get("active");
    if (a != null && !a.isNull()) {
      if (!a.isBoolean()) {
        errors.add(new FieldError("active", "error.boolean"));
      } else {
        active = a.asBoolean();
      }
    }
    if (!errors.isEmpty()) {
      return new Parsed(null, errors);
    }
    return new Parsed(new TaskDraft(name, rooms, elements, schedule, priority, active), List.of());
  }

  private static String text(
      JsonNode n, String field, int max, boolean required, List<FieldError> errors) {
    if (n == null || n.isNull()) {
      if (required) {
        errors.add(new FieldError(field, "error.required"));
      }
      return null;
    }
    if (!n.isString()) {
      errors.add(new FieldError(field, "error.not-string"));
      return null;
    }
    String s = n.asString().strip();
    if (s.isEmpty()) {
      if (required) {
        errors.add(new FieldError(field, "error.required"));
      }
      return null;
    }
    if (s.length() > max) {
      errors.add(new FieldError(field, "error.too-long", max));
      return null;
    }
    if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      errors.add(new FieldError(field, "error.control-characters"));
      return null;
    }
    return s;
  }

  private static List<RoomRef> rooms(
      JsonNode n, StreamSources.Policy policy, List<FieldError> errors) {
    if (n == null || n.isNull() || (n.isArray() && n.isEmpty())) {
      errors.add(new FieldError("rooms", "error.rooms-required"));
      return List.of();
    }
    if (!n.isArray()) {
      errors.add(new FieldError("rooms", "error.not-array"));
      return List.of();
    }
    if (n.size() > MAX_ROOMS) {
      errors.add(new FieldError("rooms", "error.too-many-rooms", MAX_ROOMS));
      return List.of();
    }
    List<RoomRef> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < n.size(); i++) {
      String at = "rooms[" + i + "]";
      JsonNode r = n.get(i);
      if (!r.isObject()) {
        errors.add(new FieldError(at, "error.not-object"));
        continue;
      }
      for (var e : r.properties()) {
        if (!ROOM_FIELDS.contains(e.getKey())) {
          errors.add(
              new FieldError(at + "." + clip(e.getKey()), "error.unknown-field", clip(e.getKey())));
        }
      }
      String platform = text(r.get("platform"), at + ".platform", 32, true, errors);
      if (platform != null && !PLATFORM.matcher(platform).matches()) {
        errors.add(new FieldError(at + ".platform", "error.platform"));
        platform = null;
      } else if (platform != null && io.liveguard.detect.event.Platform.byId(platform) == null) {
        // the capture's events carry the platform: it must be one the event model knows
        errors.add(new FieldError(at + ".platform", "error.platform-unknown", platform));
        platform = null;
      }
      String room = text(r.get("room"), at + ".room", 128, true, errors);
      if (room != null && !ROOM.matcher(room).matches()) {
        errors.add(new FieldError(at + ".room", "error.room-id"));
        room = null;
      }
      String stream = null;
      JsonNode s = r.get("stream");
      if (s == null || s.isNull()) {
        errors.add(new FieldError(at + ".stream", "stream.required"));
      } else if (!s.isString()) {
        errors.add(new FieldError(at + ".stream", "error.not-string"));
      } else {
        try {
          stream = StreamSources.check(s.asString(), policy);
        } catch (StreamSources.Refused refused) {
          errors.add(new FieldError(at + ".stream", "stream." + refused.code, refused.args));
        }
      }
      if (platform != null && room != null && !seen.add(platform + ":" + room)) {
        errors.add(new FieldError(at, "error.duplicate-room", platform + ":" + room));
      }
      out.add(new RoomRef(platform, room, stream));
    }
    return out;
  }

  private static Set<MonitoringTask.Element> elements(JsonNode n, List<FieldError> errors) {
    if (n == null || n.isNull() || (n.isArray() && n.isEmpty())) {
      errors.add(new FieldError("elements", "error.elements-required"));
      return Set.of();
    }
    if (!n.isArray() || n.size() > 8) {
      errors.add(new FieldError("elements", "error.not-array"));
      return Set.of();
    }
    Set<MonitoringTask.Element> out = EnumSet.noneOf(MonitoringTask.Element.class);
    for (int i = 0; i < n.size(); i++) {
      JsonNode e = n.get(i);
      String v = e.isString() ? e.asString().toLowerCase(Locale.ROOT) : "";
      switch (v) {
        case "speech" -> out.add(MonitoringTask.Element.SPEECH);
        case "screen" -> out.add(MonitoringTask.Element.SCREEN);
        case "listing" -> errors.add(new FieldError("elements[" + i + "]", "error.listing"));
        default ->
            errors.add(
                new FieldError(
                    "elements[" + i + "]",
                    "error.element",
                    clip(e.isString() ? e.asString() : "")));
      }
    }
    return out;
  }

  private static MonitoringTask.Schedule schedule(JsonNode n, List<FieldError> errors) {
    if (n == null || n.isNull()) {
      return MonitoringTask.Schedule.CONTINUOUS;
    }
    if (!n.isObject()) {
      errors.add(new FieldError("schedule", "error.not-object"));
      return null;
    }
    for (var e : n.properties()) {
      if (!e.getKey().equals("continuous") && !e.getKey().equals("windows")) {
        errors.add(
            new FieldError(
                "schedule." + clip(e.getKey()), "error.unknown-field", clip(e.getKey())));
      }
    }
    JsonNode c = n.get("continuous");
    JsonNode w = n.get("windows");
    boolean continuous = c != null && c.isBoolean() && c.asBoolean();
    if (c != null && !c.isNull() && !c.isBoolean()) {
      errors.add(new FieldError("schedule.continuous", "error.boolean"));
      return null;
    }
    boolean hasWindows = w != null && !w.isNull() && !(w.isArray() && w.isEmpty());
    if (continuous == hasWindows) {
      errors.add(new FieldError("schedule", "error.schedule"));
      return null;
    }
    if (continuous) {
      return MonitoringTask.Schedule.CONTINUOUS;
    }
    if (!w.isArray() || w.size() > MAX_WINDOWS) {
      errors.add(new FieldError("schedule.windows", "error.windows", MAX_WINDOWS));
      return null;
    }
    List<MonitoringTask.Window> windows = new ArrayList<>();
    int before = errors.size();
    for (int i = 0; i < w.size(); i++) {
      String at = "schedule.windows[" + i + "]";
      JsonNode x = w.get(i);
      if (!x.isObject()) {
        errors.add(new FieldError(at, "error.not-object"));
        continue;
      }
      for (var e : x.properties()) {
        if (!WINDOW_FIELDS.contains(e.getKey())) {
          errors.add(
              new FieldError(at + "." + clip(e.getKey()), "error.unknown-field", clip(e.getKey())));
        }
      }
      Set<DayOfWeek> days = new LinkedHashSet<>();
      JsonNode d = x.get("days");
      if (d != null && !d.isNull()) {
        if (!d.isArray() || d.size() > 7) {
          errors.add(new FieldError(at + ".days", "error.days"));
        } else {
          for (JsonNode day : d) {
            DayOfWeek dow =
                day.isString() ? DAYS.get(day.asString().toUpperCase(Locale.ROOT)) : null;
            if (dow == null) {
              errors.add(new FieldError(at + ".days", "error.days"));
              break;
            }
            days.add(dow);
          }
        }
      }
      LocalTime from = time(x.get("from"), at + ".from", errors);
      LocalTime to = time(x.get("to"), at + ".to", errors);
      if (from != null && to != null) {
        if (from.equals(to)) {
          errors.add(new FieldError(at, "error.empty-window"));
        } else {
          windows.add(new MonitoringTask.Window(days, from, to));
        }
      }
    }
    if (errors.size() > before) {
      return null;
    }
    return new MonitoringTask.Schedule(false, windows);
  }

  private static LocalTime time(JsonNode n, String field, List<FieldError> errors) {
    if (n == null || !n.isString() || !HHMM.matcher(n.asString()).matches()) {
      errors.add(new FieldError(field, "error.time"));
      return null;
    }
    try {
      return LocalTime.parse(n.asString());
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "error.time"));
      return null;
    }
  }

  /** A submitted name cut short for echoing in a message. */
  static String clip(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
    return t.replaceAll("[\\p{Cntrl}]", "?");
  }

  /** The schedule as canonical JSON for storage. */
  static String scheduleJson(MonitoringTask.Schedule s) {
    if (s.continuous()) {
      return "{\"continuous\":true}";
    }
    StringBuilder b = new StringBuilder("{\"windows\":[");
    for (int i = 0; i < s.windows().size(); i++) {
      MonitoringTask.Window w = s.windows().get(i);
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"days\":[");
      int j = 0;
      for (DayOfWeek d : w.days()) {
        b.append(j++ > 0 ? "," : "").append('"').append(abbrev(d)).append('"');
      }
      b.append("],\"from\":\"")
          .append(w.from())
          .append("\",\"to\":\"")
          .append(w.to())
          .append("\"}");
    }
    return b.append("]}").toString();
  }

  static String abbrev(DayOfWeek d) {
    return d.name().substring(0, 3);
  }
}
