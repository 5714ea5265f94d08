package io.liveguard.platform.monitor;

import io.liveguard.media.task.CoverageScheduler;
import io.liveguard.media.task.RoomWatchers;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/v1/monitoring-tasks}: create, list, read, replace and deactivate monitoring tasks
 * (admin, analyst); read them within one's jurisdiction (officer, leader); {@code /status} shows
 * the capture runtime and its last round. Bodies are parsed strictly (64 KiB, duplicate keys and
 * unknown fields refused); a refused task answers 422 {@code monitor-task-invalid} with {@code
 * errors[{field, code, message}]} and changes nothing.
 */
@RestController
class MonitoringTaskController {
  static final int MAX_BODY = 64 * 1024;
  static final JsonMapper STRICT =
      JsonMapper.builder(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(8)
                          .maxNumberLength(20)
                          .maxStringLength(16_384)
                          .build())
                  .build())
          .build();

  private final MonitoringTasks tasks;
  private final MonitorRuntime runtime;
  private final MonitorSettings settings;
  private final Problems problems;

  MonitoringTaskController(
      MonitoringTasks tasks, MonitorRuntime runtime, MonitorSettings settings, Problems problems) {
    this.tasks = tasks;
    this.runtime = runtime;
    this.settings = settings;
    this.problems = problems;
  }

  /** A request refused before it reaches the tasks: status, code under monitor.problem., args. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final HttpStatus status;
    final String code;
    final transient Object[] args;

    Refused(HttpStatus status, String code, Object... args) {
      super(code);
      this.status = status;
      this.code = code;
      this.args = args.clone();
    }
  }

  @PostMapping("/api/v1/monitoring-tasks")
  ResponseEntity<MonitoringTasks.Task> create(
      HttpServletRequest request, @AuthenticationPrincipal Actor actor) throws IOException {
    TaskDraft d = draft(request);
    MonitoringTasks.Task t = tasks.create(actor, d);
    return ResponseEntity.created(URI.create("/api/v1/monitoring-tasks/" + t.id())).body(t);
  }

  @GetMapping("/api/v1/monitoring-tasks")
  List<MonitoringTasks.Task> list(
      @AuthenticationPrincipal Actor actor, @RequestParam(required = false) String active) {
    Boolean a = null;
    if (active != null) {
      if (!active.equals("true") && !active.equals("false")) {
        throw new Refused(HttpStatus.BAD_REQUEST, "active-parameter");
      }
      a = Boolean.valueOf(active);
    }
    return tasks.list(actor, a);
  }

  @GetMapping("/api/v1/monitoring-tasks/{id}")
  MonitoringTasks.Task get(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
    return tasks.get(actor, id);
  }

  @PutMapping("/api/v1/monitoring-tasks/{id}")
  MonitoringTasks.Task update(
      HttpServletRequest request, @AuthenticationPrincipal Actor actor, @PathVariable long id)
      throws IOException {
    TaskDraft d = draft(request);
    return tasks.update(actor, id, d);
  }

  @PostMapping("/api/v1/monitoring-tasks/{id}/deactivate")
  MonitoringTasks.Task deactivate(
      HttpServletRequest request, @AuthenticationPrincipal Actor actor, @PathVariable long id)
      throws IOException {
    String reason = null;
    byte[] raw = read(request);
    if (raw.length > 0) {
      JsonNode body = parse(raw);
      if (!body.isObject()) {
        throw new Refused(HttpStatus.BAD_REQUEST, "not-object");
      }
      for (var e : body.properties()) {
        if (!e.getKey().equals("reason")) {
          throw new MonitoringTasks.Invalid(
              List.of(
                  new TaskDraft.FieldError(
                      TaskDraft.clip(e.getKey()),
                      "error.unknown-field",
                      TaskDraft.clip(e.getKey()))));
        }
      }
      JsonNode r = body.get("reason");
      if (r != null && !r.isNull()) {
        if (!r.isString() || r.asString().length() > 2000) {
          throw new MonitoringTasks.Invalid(
              List.of(new TaskDraft.FieldError("reason", "error.too-long", 2000)));
        }
        reason = r.asString().strip();
      }
    }
    return tasks.deactivate(actor, id, reason);
  }

  /** The runtime's state and its last round, limited to the rooms the reader may see. */
  @GetMapping("/api/v1/monitoring-tasks/status")
  Map<String, Object> status(@AuthenticationPrincipal Actor actor) {
    Predicate<String> visible = visibleRooms(tasks, actor);
    Map<String, Object> m = new LinkedHashMap<>(runtime.status());
    if (actor.role() != io.liveguard.platform.security.Role.ADMIN) {
      // hosts of every task's streams, whatever the jurisdiction: for the operator only
      m.remove("egressForwarded");
      m.remove("egressRefused");
    }
    MonitorRuntime.RoundReport last = runtime.last();
    if (last != null) {
      m.put("lastRound", roundView(last, visible));
    }
    Map<String, Object> running = new LinkedHashMap<>();
    runtime
        .workers()
        .forEach(
            (k, v) -> {
              if (visible.test(k)) {
                running.put(k, v);
              }
            });
    m.put("workers", running);
    return m;
  }

  /** Which room keys ({@code platform:room}) {@code actor} may see in reports. */
  static Predicate<String> visibleRooms(MonitoringTasks tasks, Actor actor) {
    if (actor.jurisdictionPath() == null) {
      return k -> true;
    }
    Set<String> keys = new TreeSet<>();
    for (MonitoringTasks.Task t : tasks.list(actor, null)) {
      for (MonitoringTasks.TaskRoom r : t.rooms()) {
        keys.add(r.key());
      }
    }
    return keys::contains;
  }

  /** A round as JSON, with only the rooms {@code visible} lets through. */
  static Map<String, Object> roundView(
      MonitorRuntime.RoundReport report, Predicate<String> visible) {
    RoomWatchers.Round r = report.round();
    CoverageScheduler.Plan plan = r.plan();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("at", report.at().toString());
    m.put("eligible", plan.eligible());
    m.put("expectedCoverage", Math.round(plan.expectedCoverage() * 1000) / 1000.0);
    List<Map<String, Object>> watched = new ArrayList<>();
    for (CoverageScheduler.Assignment a : plan.watched()) {
      if (visible.test(a.room())) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("room", a.room());
        w.put("share", Math.round(a.share() * 1000) / 1000.0);
        w.put(
            "elements",
            a.elements().stream()
                .map(e -> e.name().toLowerCase(java.util.Locale.ROOT))
                .sorted()
                .toList());
        w.put("coverage", round3(plan.observedCoverage().get(a.room())));
        watched.add(w);
      }
    }
    m.put("plan", watched);
    List<Map<String, Object>> waiting = new ArrayList<>();
    for (String room : plan.waiting()) {
      if (visible.test(room)) {
        waiting.add(Map.of("room", room, "coverage", round3(plan.observedCoverage().get(room))));
      }
    }
    m.put("waiting", waiting);
    m.put("started", r.started().keySet().stream().filter(visible).toList());
    m.put("stopped", r.stopped().stream().filter(visible).toList());
    m.put("running", r.running().stream().filter(visible).toList());
    m.put("speechDenied", r.speechDenied().stream().filter(visible).toList());
    Map<String, String> failed = new LinkedHashMap<>();
    r.failed()
        .forEach(
            (k, v) -> {
              if (visible.test(k)) {
                failed.put(k, v);
              }
            });
    m.put("failed", failed);
    return m;
  }

  private static double round3(Double d) {
    return d == null ? 0 : Math.round(d * 1000) / 1000.0;
  }

  private TaskDraft draft(HttpServletRequest request) throws IOException {
    String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase();
    if (!type.startsWith("application/json")) {
      throw new Refused(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "media-type");
    }
    TaskDraft.Parsed p = TaskDraft.parse(parse(read(request)), settings.policy());
    if (!p.errors().isEmpty()) {
      throw new MonitoringTasks.Invalid(p.errors());
    }
    return p.draft();
  }

  private static byte[] read(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > MAX_BODY) {
      throw new Refused(HttpStatus.CONTENT_TOO_LARGE, "too-large", MAX_BODY);
    }
    byte[] bytes = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      throw new Refused(HttpStatus.CONTENT_TOO_LARGE, "too-large", MAX_BODY);
    }
    return bytes;
  }

  private static JsonNode parse(byte[] bytes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new Refused(HttpStatus.BAD_REQUEST, "not-utf8");
    }
    if (text.isBlank()) {
      throw new Refused(HttpStatus.BAD_REQUEST, "empty");
    }
    try {
      return STRICT.readTree(text);
    } catch (JacksonException e) {
      String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
      int nl = m.indexOf('\n');
      throw new Refused(
          HttpStatus.BAD_REQUEST, "bad-json", TaskDraft.clip(nl < 0 ? m : m.substring(0, nl)));
    }
  }

  @ExceptionHandler(Refused.class)
  ResponseEntity<ProblemDetail> refused(Refused e) {
    return problem(e.status, e.code, e.args, null);
  }

  @ExceptionHandler(MonitoringTasks.Invalid.class)
  ResponseEntity<ProblemDetail> invalid(MonitoringTasks.Invalid e) {
    List<Map<String, Object>> errors = new ArrayList<>();
    for (TaskDraft.FieldError f : e.errors) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("field", f.field());
      m.put("code", f.key().substring(f.key().indexOf('.') + 1));
      m.put("message", problems.message("monitor." + f.key(), f.args()));
      errors.add(m);
    }
    return problem(
        HttpStatus.UNPROCESSABLE_CONTENT, "task-invalid", new Object[] {errors.size()}, errors);
  }

  private ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String code, Object[] args, List<Map<String, Object>> errors) {
    ProblemDetail p =
        ProblemDetail.forStatusAndDetail(status, problems.message("monitor.problem." + code, args));
    p.setType(Problems.type("monitor-" + code));
    p.setTitle(problems.message("monitor.problem." + code + ".title"));
    p.setProperty("code", "monitor-" + code);
    if (errors != null) {
      p.setProperty("errors", errors);
    }
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
  }
}
