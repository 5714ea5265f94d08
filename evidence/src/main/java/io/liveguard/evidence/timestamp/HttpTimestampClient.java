package io.liveguard.evidence.timestamp;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.bouncycastle.tsp.TimeStampRequest;

/**
 * An RFC 3161 client for any TSA reachable over HTTP ({@code application/timestamp-query} POST, RFC
 * 3161 §3.4); validates each response against its request before returning the token.
 *
 * <p>Thread-safe.
 */
public final class HttpTimestampClient implements TimestampSource {

  /** The largest response accepted, in bytes. */
  public static final int MAX_RESPONSE = 1 << 20;

  private final URI url;
  private final HttpClient http;
  private final Duration timeout;

  /** Creates a client for the TSA at {@code url} with a per-request {@code timeout}. */
  public HttpTimestampClient(URI url, Duration timeout) {
    String scheme = url.getScheme();
    if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("TSA URL must be http or https, got " + url);
    }
    this.url = url;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public byte[] stamp(byte[] data) throws IOException {
    TimeStampRequest req = Rfc3161.request(data);
    HttpRequest r =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/timestamp-query")
            .header("Accept", "application/timestamp-reply")
            .POST(HttpRequest.BodyPublishers.ofByteArray(req.getEncoded()))
            .build();
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(r, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the TSA at " + url, e);
    }
    byte[] body;
    try (InputStream in = resp.body()) {
      body = in.readNBytes(MAX_RESPONSE + 1);
    }
    if (resp.statusCode() != 200) {
      throw new IOException("TSA at " + url + " answered HTTP " + resp.statusCode());
    }
    if (body.length > MAX_RESPONSE) {
      throw new IOException("TSA at " + url + " sent more than " + MAX_RESPONSE + " bytes");
    }
    return Rfc3161.tokenFrom(req, body);
  }

  @Override
  public String describe() {
    return url.toString();
  }
}
