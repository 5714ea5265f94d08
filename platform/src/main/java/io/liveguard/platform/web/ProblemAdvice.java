package io.liveguard.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Renders every refused API request as an RFC 9457 problem; nothing internal leaks. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
  private final Problems problems;

  ProblemAdvice(Problems problems) {
    this.problems = problems;
  }

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    ProblemDetail p = problems.of(e.status(), e.code(), e.args());
    e.properties().forEach(p::setProperty);
    return ResponseEntity.status(e.status()).body(p);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    ProblemDetail p =
        problems.of(
            HttpStatus.BAD_REQUEST, "bad-parameter", e.getName(), String.valueOf(e.getValue()));
    return ResponseEntity.badRequest().body(p);
  }

  @ExceptionHandler(AccessDeniedException.class)
  ResponseEntity<ProblemDetail> denied(AccessDeniedException e) {
    return ResponseEntity.status(HttpStatus.FORBIDDEN)
        .body(problems.of(HttpStatus.FORBIDDEN, "forbidden"));
  }

  @ExceptionHandler(AuthenticationException.class)
  ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException e) {
    return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
        .body(problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated"));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("unexpected error", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal"));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String reason = ex.getMostSpecificCause().getMessage();
    // The parser's own message names the line/column; keep only its first line.
    if (reason != null && reason.indexOf('\n') > 0) {
      reason = reason.substring(0, reason.indexOf('\n'));
    }
    ProblemDetail p = problems.of(HttpStatus.BAD_REQUEST, "malformed-body", String.valueOf(reason));
    return ResponseEntity.badRequest().body(p);
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, String>> errors = new ArrayList<>();
    for (FieldError f : ex.getBindingResult().getFieldErrors()) {
      errors.add(Map.of("field", f.getField(), "message", message(f)));
    }
    ProblemDetail p = problems.of(HttpStatus.BAD_REQUEST, "invalid-body", errors.size());
    p.setProperty("errors", errors);
    return ResponseEntity.badRequest().body(p);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail p = problems.of(HttpStatus.BAD_REQUEST, "invalid-body", 1);
    return ResponseEntity.badRequest().body(p);
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail p && p.getProperties() == null) {
      p.setProperty("code", "http-" + statusCode.value());
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  private String message(FieldError f) {
    String m = f.getDefaultMessage();
    if (m != null && m.startsWith("{") && m.endsWith("}")) {
      return problems.message(m.substring(1, m.length() - 1));
    }
    return m == null ? problems.message("validation.invalid") : m;
  }
}
