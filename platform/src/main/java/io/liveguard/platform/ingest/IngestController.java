package io.liveguard.platform.ingest;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import io.liveguard.platform.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/events}: a batch of up to {@link Ingest#MAX_BATCH} events as a JSON array
 * ({@code application/json}) or JSONL ({@code application/x-ndjson}). A batch is all or nothing:
 * one invalid event refuses the batch with a 400 problem listing every invalid event; otherwise
 * each event is {@code stored} or a {@code duplicate}, and the answer comes after the commit.
 */
@RestController
class IngestController {
  static final int MAX_BODY = 16 * 1024 * 1024;
  static final JsonMapper STRICT =
      JsonMapper.builder(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(16)
                          .maxNumberLength(40)
                          .maxStringLength(1_048_576)
                          .build())
                  .build())
          .build();

  private final Ingest ingest;
  private final Problems problems;
  private final IngestBacklog backlog;
  // Requests reading, parsing or storing a batch at once: each holds up to MAX_BODY in memory, so
  // more are refused rather than queued.
  private final Semaphore inFlight;
  private final int maxConcurrent;

  IngestController(
      Ingest ingest,
      Problems problems,
      IngestBacklog backlog,
      @Value("${liveguard.ingest.max-concurrent:16}") int maxConcurrent) {
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException(
          "liveguard.ingest.max-concurrent must be at least 1, was " + maxConcurrent);
    }
    this.ingest = ingest;
    this.problems = problems;
    this.backlog = backlog;
    this.maxConcurrent = maxConcurrent;
    this.inFlight = new Semaphore(maxConcurrent);
  }

  @PostMapping("/api/v1/events")
  ResponseEntity<?> post(HttpServletRequest request, @AuthenticationPrincipal Actor actor)
      throws IOException {
    long wait = backlog.refuseFor();
    if (wait > 0) {
      return busy(
          wait,
          problems.of(
              HttpStatus.SERVICE_UNAVAILABLE,
              "events-backlog",
              backlog.events(),
              backlog.lag().toMillis() / 1000.0,
              wait));
    }
    if (!inFlight.tryAcquire()) {
      return busy(1, problems.of(HttpStatus.SERVICE_UNAVAILABLE, "events-busy", maxConcurrent, 1));
    }
    try {
      return accept(request, actor);
    } finally {
      inFlight.release();
    }
  }

  /** 503 with Retry-After: nothing of the batch was read or stored; send it again later. */
  private static ResponseEntity<?> busy(long seconds, ProblemDetail p) {
    p.setProperty("retryAfterSeconds", seconds);
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(p);
  }

  private ResponseEntity<?> accept(HttpServletRequest request, Actor actor) throws IOException {
    String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase();
    boolean jsonl = type.startsWith("application/x-ndjson") || type.startsWith("application/jsonl");
    if (!jsonl && !type.startsWith("application/json")) {
      throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "events-media-type", type);
    }
    if (request.getContentLengthLong() > MAX_BODY) {
      throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "events-body-too-large", MAX_BODY);
    }
    String body = utf8(read(request.getInputStream()));
    // The common case, compact JSONL of valid events, parses each event once.
    List<IncomingEvent> fast =
        jsonl ? EnvelopeCodec.parseCompactLines(body, Ingest.MAX_BATCH) : null;
    if (fast != null && !fast.isEmpty()) {
      return stored(store(fast, actor));
    }
    List<JsonNode> nodes = jsonl ? lines(body) : array(body);
    if (nodes.isEmpty()) {
      throw ApiException.badRequest("events-empty");
    }
    if (nodes.size() > Ingest.MAX_BATCH) {
      throw new ApiException(
          HttpStatus.CONTENT_TOO_LARGE, "events-batch-too-large", nodes.size(), Ingest.MAX_BATCH);
    }
    List<IncomingEvent> events = new ArrayList<>(nodes.size());
    List<Map<String, Object>> errors = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      try {
        events.add(EnvelopeCodec.parse(nodes.get(i)));
      } catch (EnvelopeCodec.Invalid e) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("index", i);
        JsonNode id = nodes.get(i) == null ? null : nodes.get(i).get("id");
        if (id != null && id.isString()) {
          err.put("id", EnvelopeCodec.abbreviate(id.asString()));
        }
        if (e.field != null) {
          err.put("field", e.field);
        }
        err.put("message", e.getMessage());
        errors.add(err);
      }
    }
    if (!errors.isEmpty()) {
      ProblemDetail p =
          problems.of(HttpStatus.BAD_REQUEST, "events-invalid", errors.size(), nodes.size());
      p.setProperty("errors", errors);
      return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
    return stored(store(events, actor));
  }

  /** Stores a valid batch; a database refusal answers 500 naming the batch, nothing internal. */
  private List<Ingest.Result> store(List<IncomingEvent> events, Actor actor) {
    try {
      return ingest.store(events, actor.tokenId());
    } catch (org.springframework.dao.DataAccessException e) {
      // Logged by Ingest with the cause; the client learns which batch and what to do, nothing
      // of the database.
      throw new ApiException(
          HttpStatus.INTERNAL_SERVER_ERROR,
          "events-store-failed",
          EnvelopeCodec.abbreviate(events.get(0).id()),
          events.size());
    }
  }

  private static ResponseEntity<?> stored(List<Ingest.Result> results) {
    long stored = results.stream().filter(r -> r.status().equals(Ingest.Result.STORED)).count();
    return ResponseEntity.ok(
        Map.of(
            "stored", stored,
            "duplicates", results.size() - stored,
            "results", results));
  }

  private static byte[] read(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY + 1);
    if (bytes.length > MAX_BODY) {
      throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "events-body-too-large", MAX_BODY);
    }
    return bytes;
  }

  static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest("events-not-utf8");
    }
  }

  static List<JsonNode> array(String body) {
    JsonNode root;
    try {
      root = STRICT.readTree(body);
    } catch (JacksonException e) {
      throw ApiException.badRequest("events-bad-json", firstLine(e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode()) {
      throw ApiException.badRequest("events-empty");
    }
    if (root.isObject()) {
      return List.of(root);
    }
    if (!root.isArray()) {
      throw ApiException.badRequest("events-not-array");
    }
    List<JsonNode> out = new ArrayList<>(root.size());
    root.forEach(out::add);
    return out;
  }

  static List<JsonNode> lines(String body) {
    List<JsonNode> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : body.split("\n", -1)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      if (out.size() >= Ingest.MAX_BATCH) {
        throw new ApiException(
            HttpStatus.CONTENT_TOO_LARGE,
            "events-batch-too-large",
            out.size() + 1,
            Ingest.MAX_BATCH);
      }
      try {
        out.add(STRICT.readTree(line));
      } catch (JacksonException e) {
        throw ApiException.badRequest(
            "events-bad-jsonl", lineNo, firstLine(e.getOriginalMessage()));
      }
    }
    return out;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
