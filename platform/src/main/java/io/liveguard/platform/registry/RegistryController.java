package io.liveguard.platform.registry;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import io.liveguard.platform.web.Problems;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry API: list, create, update (PUT/PATCH) and delete subjects, and bulk import from CSV
 * or JSON with a per-row report. A refused import or update answers 422 with the report as a
 * problem and stores nothing; deleting a subject others refer to answers 409.
 */
@RestController
class RegistryController {
  static final int MAX_IMPORT_BYTES = 10 * 1024 * 1024;
  private final Registry registry;
  private final RegistryQueries queries;
  private final Problems problems;
  private final JsonMapper json;

  RegistryController(
      Registry registry, RegistryQueries queries, Problems problems, JsonMapper json) {
    this.registry = registry;
    this.queries = queries;
    this.problems = problems;
    this.json = json;
  }

  private static RegistryKind kind(String path) {
    RegistryKind k = RegistryKind.parse(path);
    if (k == null) {
      throw ApiException.notFound("registry", path);
    }
    return k;
  }

  @GetMapping("/api/v1/registry/{kind}")
  List<Map<String, Object>> list(
      @PathVariable String kind,
      @RequestParam(defaultValue = "500") int limit,
      @RequestParam(defaultValue = "0") int offset) {
    return queries.list(kind(kind), clamp(limit), Math.max(0, offset));
  }

  @GetMapping("/api/v1/rooms")
  List<Map<String, Object>> rooms(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(defaultValue = "500") int limit,
      @RequestParam(defaultValue = "0") int offset) {
    return queries.rooms(actor, clamp(limit), Math.max(0, offset));
  }

  private static int clamp(int limit) {
    return Math.max(1, Math.min(limit, 5000));
  }

  /** Creates one subject: the body is one JSON object with the import columns. */
  @PostMapping(value = "/api/v1/registry/{kind}", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> create(
      @PathVariable String kind, @RequestBody byte[] body, @AuthenticationPrincipal Actor actor) {
    byte[] array = new byte[body.length + 2];
    array[0] = '[';
    System.arraycopy(body, 0, array, 1, body.length);
    array[array.length - 1] = ']';
    return respond(kind(kind), parse(array, false), actor, HttpStatus.CREATED);
  }

  /**
   * Replaces one subject's fields (PUT) or changes the given ones (PATCH, {@code application/json}
   * or {@code application/merge-patch+json}); the body is one JSON object with the import columns.
   * 200 with the subject as it is now; 422 with the per-field report when refused (nothing
   * changed); 404 for an unknown subject.
   */
  @RequestMapping(
      value = "/api/v1/registry/{kind}/{key}",
      method = {RequestMethod.PUT, RequestMethod.PATCH},
      consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
  ResponseEntity<?> update(
      @PathVariable String kind,
      @PathVariable String key,
      @RequestBody byte[] body,
      jakarta.servlet.http.HttpServletRequest request,
      @AuthenticationPrincipal Actor actor) {
    RegistryKind k = kind(kind);
    byte[] array = new byte[body.length + 2];
    array[0] = '[';
    System.arraycopy(body, 0, array, 1, body.length);
    array[array.length - 1] = ']';
    List<Map<String, String>> rows = parse(array, false);
    if (rows.size() != 1) {
      throw ApiException.badRequest("import-not-array");
    }
    boolean merge = request.getMethod().equals("PATCH");
    Registry.ImportReport report = registry.update(k, key, rows.get(0), merge, actor.username());
    if (report.ok()) {
      return ResponseEntity.ok(registry.current(k, key(k, key)));
    }
    ProblemDetail p =
        problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "update-refused", report.errors().size());
    p.setProperty("kind", report.kind());
    p.setProperty("errors", report.errors());
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(p);
  }

  /** Deletes one subject nothing refers to: 204; 409 {@code subject-in-use} with references. */
  @DeleteMapping("/api/v1/registry/{kind}/{key}")
  ResponseEntity<Void> delete(
      @PathVariable String kind, @PathVariable String key, @AuthenticationPrincipal Actor actor) {
    registry.delete(kind(kind), key, actor.username());
    return ResponseEntity.noContent().build();
  }

  private static Object key(RegistryKind kind, String key) {
    return kind == RegistryKind.JURISDICTIONS || kind == RegistryKind.PLATFORMS
        ? key
        : Long.valueOf(key);
  }

  /** Imports many subjects; {@code Content-Type: text/csv} or {@code application/json}. */
  @PostMapping("/api/v1/registry/{kind}/import")
  ResponseEntity<?> importRows(
      @PathVariable String kind,
      @RequestHeader(value = "Content-Type", defaultValue = "") String contentType,
      @RequestBody byte[] body,
      @AuthenticationPrincipal Actor actor) {
    RegistryKind k = kind(kind);
    boolean csv = contentType.startsWith("text/csv");
    if (!csv && !contentType.startsWith(MediaType.APPLICATION_JSON_VALUE)) {
      throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "import-media-type", contentType);
    }
    return respond(k, parse(body, csv), actor, HttpStatus.OK);
  }

  private List<Map<String, String>> parse(byte[] body, boolean csv) {
    if (body.length > MAX_IMPORT_BYTES) {
      throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "import-too-large", MAX_IMPORT_BYTES);
    }
    try {
      return csv ? Rows.csv(body) : Rows.json(body, json);
    } catch (Rows.Unreadable e) {
      throw ApiException.badRequest(e.code, e.args);
    }
  }

  private ResponseEntity<?> respond(
      RegistryKind kind, List<Map<String, String>> rows, Actor actor, HttpStatus success) {
    Registry.ImportReport report = registry.importRows(kind, rows, actor.username());
    if (report.ok()) {
      return ResponseEntity.status(success).body(report);
    }
    ProblemDetail p =
        problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "import-refused", report.errors().size());
    p.setProperty("kind", report.kind());
    p.setProperty("rows", report.rows());
    p.setProperty("imported", 0);
    p.setProperty("errors", report.errors());
    return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(p);
  }
}
