package io.liveguard.platform.web;

import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, rendered as an RFC 9457 problem whose detail is the message bundle
 * entry {@code problem.<code>} formatted with {@code args}.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String code;
  private final transient Object[] args;
  private final transient Map<String, Object> properties;

  public ApiException(HttpStatus status, String code, Object... args) {
    this(status, code, Map.of(), args);
  }

  public ApiException(
      HttpStatus status, String code, Map<String, Object> properties, Object... args) {
    super(code);
    this.status = status;
    this.code = code;
    this.args = args.clone();
    this.properties = Map.copyOf(properties);
  }

  public static ApiException notFound(String what, Object id) {
    return new ApiException(HttpStatus.NOT_FOUND, "not-found", what, id);
  }

  public static ApiException badRequest(String code, Object... args) {
    return new ApiException(HttpStatus.BAD_REQUEST, code, args);
  }

  public static ApiException conflict(String code, Object... args) {
    return new ApiException(HttpStatus.CONFLICT, code, args);
  }

  public HttpStatus status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Object[] args() {
    return args.clone();
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
