package io.liveguard.platform;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for integration tests: bearer token or a console session with CSRF. */
public final class Http {
  public static final JsonMapper JSON = JsonMapper.builder().build();
  private final String base;
  private final HttpClient client;
  private String bearer;
  private String csrf;

  private Http(String base, String bearer) {
    this.base = base;
    this.bearer = bearer;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public static Http anonymous(int port) {
    return new Http("http://127.0.0.1:" + port, null);
  }

  public static Http bearer(int port, String token) {
    return new Http("http://127.0.0.1:" + port, token);
  }

  /** Logs in through the login form (fetching its CSRF token first), keeping the session. */
  public static Http session(int port, String user, String password) {
    Http h = anonymous(port);
    Response page = h.get("/login");
    String token = csrfFrom(page.body());
    Response r =
        h.send(
            "POST",
            "/login",
            "application/x-www-form-urlencoded",
            form(Map.of("username", user, "password", password, "_csrf", token)),
            Map.of());
    if (r.status() != 302 || r.header("Location").contains("error")) {
      throw new IllegalStateException("login failed for " + user + ": " + r.status());
    }
    h.csrf = csrfFrom(h.get("/").body());
    return h;
  }

  public String csrf() {
    return csrf;
  }

  public static String csrfFromPage(String html) {
    return csrfFrom(html);
  }

  static String csrfFrom(String html) {
    Matcher m = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html);
    if (m.find()) {
      return m.group(1);
    }
    m = Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"").matcher(html);
    if (m.find()) {
      return m.group(1);
    }
    throw new IllegalStateException("no CSRF token in page: " + html);
  }

  public static String formOf(Map<String, String> fields) {
    return form(fields);
  }

  static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  public Response get(String path) {
    return send("GET", path, null, (byte[]) null, Map.of());
  }

  public Response post(String path, String json) {
    return send("POST", path, "application/json", json, Map.of());
  }

  public Response post(String path, Object body) {
    return post(path, JSON.writeValueAsString(body));
  }

  public Response delete(String path) {
    return send("DELETE", path, null, (byte[]) null, Map.of());
  }

  public Response send(
      String method, String path, String contentType, String body, Map<String, String> headers) {
    return send(
        method,
        path,
        contentType,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        headers);
  }

  public Response send(
      String method, String path, String contentType, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    if (csrf != null && !method.equals("GET") && !headers.containsKey("X-CSRF-TOKEN")) {
      b.header("X-CSRF-TOKEN", csrf);
    }
    headers.forEach(b::header);
    try {
      HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r);
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(method + " " + path + ": " + e, e);
    }
  }

  /** A response with helpers for JSON bodies. */
  public record Response(HttpResponse<byte[]> raw) {
    public int status() {
      return raw.statusCode();
    }

    public byte[] bytes() {
      return raw.body();
    }

    public String body() {
      return new String(raw.body(), StandardCharsets.UTF_8);
    }

    public JsonNode json() {
      return JSON.readTree(body());
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse("");
    }

    @Override
    public String toString() {
      return raw.statusCode() + " " + body();
    }
  }
}
