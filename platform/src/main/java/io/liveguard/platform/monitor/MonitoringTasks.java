package io.liveguard.platform.monitor;

import io.liveguard.media.task.MonitoringTask;
import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.security.Actor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Monitoring tasks (监测任务): stored, scoped by the reader's jurisdiction, every change audited
 * ({@code monitoring_task.created|updated|deactivated}, target {@code monitoring_task:<id>}) in the
 * same transaction. The capture runtime reads the active ones through {@link #active()}.
 */
@Service
public class MonitoringTasks {

  /** A room of a task with the address it is captured from. */
  public record TaskRoom(
      long roomId,
      String platform,
      String room,
      String name,
      String jurisdictionPath,
      String stream) {
    /** The key the capture scheduler names the room by: {@code platform:room}. */
    public String key() {
      return platform + ":" + room;
    }
  }

  /** A stored task. */
  public record Task(
      long id,
      String name,
      List<String> elements,
      Map<String, Object> schedule,
      int priority,
      boolean active,
      String createdBy,
      Instant createdAt,
      String changedBy,
      Instant changedAt,
      List<TaskRoom> rooms) {}

  /** A task refused: the problems, each with its field. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient List<TaskDraft.FieldError> errors;

    Invalid(List<TaskDraft.FieldError> errors) {
      super("monitoring task refused: " + errors.size() + " problems");
      this.errors = List.copyOf(errors);
    }
  }

  private final JdbcClient jdbc;
  private final AuditTrail audit;
  private final InstantSource clock;
  private final JsonMapper json;

  MonitoringTasks(JdbcClient jdbc, AuditTrail audit, InstantSource clock, JsonMapper json) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.clock = clock;
    this.json = json;
  }

  /** Stores a new task from a validated draft; its rooms must be registered and visible. */
  @Transactional
  public Task create(Actor actor, TaskDraft d) {
    List<TaskRoom> rooms = resolve(actor, d.rooms());
    OffsetDateTime now = now();
    org.springframework.jdbc.support.GeneratedKeyHolder keys =
        new org.springframework.jdbc.support.GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO monitoring_task (name, elements, schedule, priority, active, created_by,"
                + " created_at, changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            d.name(),
            elementsText(d.elements()),
            TaskDraft.scheduleJson(d.schedule()),
            d.priority(),
            d.active() == null || d.active(),
            actor.username(),
            now,
            actor.username(),
            now)
        .update(keys, "id");
    long id = keys.getKey().longValue();
    insertRooms(id, rooms);
    Task t = load(id).orElseThrow();
    audit.append(actor.username(), "monitoring_task.created", "monitoring_task:" + id, view(t));
    return t;
  }

  /** Replaces a task's fields; the changed fields are audited. */
  @Transactional
  public Task update(Actor actor, long id, TaskDraft d) {
    Task before = get(actor, id);
    List<TaskRoom> rooms = resolve(actor, d.rooms());
    // an actor who does not see every room of the task may not replace them
    if (before.rooms().size() != visible(actor, before.rooms()).size()) {
      throw new io.liveguard.platform.web.ApiException(
          org.springframework.http.HttpStatus.FORBIDDEN, "forbidden");
    }
    jdbc.sql(
            "UPDATE monitoring_task SET name = ?, elements = ?, schedule = ?, priority = ?,"
                + " active = ?, changed_by = ?, changed_at = ? WHERE id = ?")
        .params(
            d.name(),
            elementsText(d.elements()),
            TaskDraft.scheduleJson(d.schedule()),
            d.priority(),
            d.active() == null ? before.active() : d.active(),
            actor.username(),
            now(),
            id)
        .update();
    jdbc.sql("DELETE FROM monitoring_task_room WHERE task_id = ?").param(id).update();
    insertRooms(id, rooms);
    Task after = load(id).orElseThrow();
    Map<String, Object> was = view(before);
    Map<String, Object> is = view(after);
    Map<String, Object> changed = new TreeMap<>();
    for (String k : is.keySet()) {
      if (!String.valueOf(is.get(k)).equals(String.valueOf(was.get(k)))) {
        changed.put(k, Map.of("from", String.valueOf(was.get(k)), "to", String.valueOf(is.get(k))));
      }
    }
    audit.append(
        actor.username(),
        "monitoring_task.updated",
        "monitoring_task:" + id,
        Map.of("changed", changed));
    return after;
  }

  /** Deactivates a task (kept for the record); its rooms' workers stop at the next round. */
  @Transactional
  public Task deactivate(Actor actor, long id, String reason) {
    Task before = get(actor, id);
    if (!before.active()) {
      return before;
    }
    jdbc.sql(
            "UPDATE monitoring_task SET active = FALSE, changed_by = ?, changed_at = ? WHERE id = ?")
        .params(actor.username(), now(), id)
        .update();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("name", before.name());
    if (reason != null) {
      detail.put("reason", reason);
    }
    audit.append(actor.username(), "monitoring_task.deactivated", "monitoring_task:" + id, detail);
    return load(id).orElseThrow();
  }

  /** The tasks {@code actor} may see (a task with at least one room in their jurisdiction). */
  @Transactional(readOnly = true)
  public List<Task> list(Actor actor, Boolean active) {
    List<Long> ids =
        jdbc.sql(
                "SELECT id FROM monitoring_task"
                    + (active == null ? "" : " WHERE active = " + (active ? "TRUE" : "FALSE"))
                    + " ORDER BY id DESC LIMIT 1000")
            .query(Long.class)
            .list();
    List<Task> out = new ArrayList<>();
    for (long id : ids) {
      load(id).map(t -> scoped(actor, t)).ifPresent(out::add);
    }
    return out;
  }

  /** One task, if {@code actor} may see it (404 otherwise, not revealing that it exists). */
  @Transactional(readOnly = true)
  public Task get(Actor actor, long id) {
    return load(id)
        .map(t -> scoped(actor, t))
        .orElseThrow(() -> io.liveguard.platform.web.ApiException.notFound("monitoring-task", id));
  }

  /** The active tasks with all their rooms, for the capture runtime. */
  @Transactional(readOnly = true)
  public List<Task> active() {
    List<Task> out = new ArrayList<>();
    for (long id :
        jdbc.sql("SELECT id FROM monitoring_task WHERE active = TRUE ORDER BY id")
            .query(Long.class)
            .list()) {
      load(id).ifPresent(out::add);
    }
    return out;
  }

  /** The task as the scheduler of the media module reads it. */
  static MonitoringTask toMedia(Task t, Set<String> roomKeys) {
    Set<MonitoringTask.Element> elements = EnumSet.noneOf(MonitoringTask.Element.class);
    for (String e : t.elements()) {
      elements.add(MonitoringTask.Element.valueOf(e.toUpperCase(Locale.ROOT)));
    }
    return new MonitoringTask(
        "task-" + t.id(), roomKeys, elements, schedule(t.schedule()), t.priority());
  }

  @SuppressWarnings("unchecked")
  static MonitoringTask.Schedule schedule(Map<String, Object> s) {
    if (Boolean.TRUE.equals(s.get("continuous"))) {
      return MonitoringTask.Schedule.CONTINUOUS;
    }
    List<MonitoringTask.Window> windows = new ArrayList<>();
    for (Map<String, Object> w : (List<Map<String, Object>>) s.get("windows")) {
      Set<java.time.DayOfWeek> days = EnumSet.noneOf(java.time.DayOfWeek.class);
      for (Object d : (List<Object>) w.get("days")) {
        for (java.time.DayOfWeek dow : java.time.DayOfWeek.values()) {
          if (TaskDraft.abbrev(dow).equals(d)) {
            days.add(dow);
          }
        }
      }
      windows.add(
          new MonitoringTask.Window(
              days,
              LocalTime.parse((String) w.get("from")),
              LocalTime.parse((String) w.get("to"))));
    }
    return new MonitoringTask.Schedule(false, windows);
  }

  /** The task's rooms {@code actor} may see. */
  static List<TaskRoom> visible(Actor actor, List<TaskRoom> rooms) {
    return rooms.stream().filter(r -> actor.sees(r.jurisdictionPath())).toList();
  }

  private Task scoped(Actor actor, Task t) {
    if (actor.jurisdictionPath() == null) {
      return t;
    }
    List<TaskRoom> rooms = visible(actor, t.rooms());
    if (rooms.isEmpty()) {
      return null;
    }
    return new Task(
        t.id(),
        t.name(),
        t.elements(),
        t.schedule(),
        t.priority(),
        t.active(),
        t.createdBy(),
        t.createdAt(),
        t.changedBy(),
        t.changedAt(),
        rooms);
  }

  private List<TaskRoom> resolve(Actor actor, List<TaskDraft.RoomRef> refs) {
    List<TaskDraft.FieldError> errors = new ArrayList<>();
    List<TaskRoom> rooms = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      TaskDraft.RoomRef ref = refs.get(i);
      Optional<TaskRoom> r =
          jdbc.sql(
                  "SELECT r.id, r.platform, r.external_id, r.name, j.path FROM room r LEFT JOIN"
                      + " jurisdiction j ON j.code = r.jurisdiction_code WHERE r.platform = ? AND"
                      + " r.external_id = ?")
              .params(ref.platform(), ref.room())
              .query(
                  (rs, n) ->
                      new TaskRoom(
                          rs.getLong(1),
                          rs.getString(2),
                          rs.getString(3),
                          rs.getString(4),
                          rs.getString(5),
                          ref.stream()))
              .optional();
      if (r.isEmpty()
          || (actor.jurisdictionPath() != null && !actor.sees(r.get().jurisdictionPath()))) {
        errors.add(
            new TaskDraft.FieldError(
                "rooms[" + i + "]", "error.unknown-room", ref.platform() + ":" + ref.room()));
      } else {
        rooms.add(r.get());
      }
    }
    if (!errors.isEmpty()) {
      throw new Invalid(errors);
    }
    return rooms;
  }

  private void insertRooms(long id, List<TaskRoom> rooms) {
    for (TaskRoom r : rooms) {
      jdbc.sql("INSERT INTO monitoring_task_room (task_id, room_id, stream_url) VALUES (?, ?, ?)")
          .params(id, r.roomId(), r.stream())
          .update();
    }
  }

  private Optional<Task> load(long id) {
    return jdbc.sql("SELECT * FROM monitoring_task WHERE id = ?")
        .param(id)
        .query((rs, n) -> task(rs))
        .optional();
  }

  private Task task(ResultSet rs) throws SQLException {
    long id = rs.getLong("id");
    List<TaskRoom> rooms =
        jdbc.sql(
                "SELECT r.id, r.platform, r.external_id, r.name, j.path, tr.stream_url FROM"
                    + " monitoring_task_room tr JOIN room r ON r.id = tr.room_id LEFT JOIN"
                    + " jurisdiction j ON j.code = r.jurisdiction_code WHERE tr.task_id = ? ORDER"
                    + " BY r.platform, r.external_id")
            .param(id)
            .query(
                (x, n) ->
                    new TaskRoom(
                        x.getLong(1),
                        x.getString(2),
                        x.getString(3),
                        x.getString(4),
                        x.getString(5),
                        x.getString(6)))
            .list();
    JsonNode schedule = json.readTree(rs.getString("schedule"));
    @SuppressWarnings("unchecked")
    Map<String, Object> s = json.convertValue(schedule, Map.class);
    return new Task(
        id,
        rs.getString("name"),
        List.of(rs.getString("elements").split(",")),
        s,
        rs.getInt("priority"),
        rs.getBoolean("active"),
        rs.getString("created_by"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getString("changed_by"),
        rs.getObject("changed_at", OffsetDateTime.class).toInstant(),
        rooms);
  }

  /** The fields of a task as audited. */
  private static Map<String, Object> view(Task t) {
    Map<String, Object> m = new TreeMap<>();
    m.put("name", t.name());
    m.put("elements", String.join(",", t.elements()));
    m.put("schedule", t.schedule().toString());
    m.put("priority", t.priority());
    m.put("active", t.active());
    m.put(
        "rooms",
        t.rooms().stream().map(r -> r.key() + " ← " + r.stream()).sorted().toList().toString());
    return m;
  }

  private static String elementsText(Set<MonitoringTask.Element> elements) {
    return String.join(
        ",", elements.stream().map(e -> e.name().toLowerCase(Locale.ROOT)).sorted().toList());
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }
}
