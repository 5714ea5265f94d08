package io.liveguard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * Base of the integration tests: the whole application on a random port, on a fresh H2 or
 * PostgreSQL database (see {@link TestDatabase}). All subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabase.class)
public abstract class PlatformIT {
  @LocalServerPort protected int port;

  protected Http admin() {
    return Http.bearer(port, TestDatabase.ADMIN_TOKEN);
  }

  protected Http anonymous() {
    return Http.anonymous(port);
  }

  /** Sends events (one JSON object per line) through the ingest API as the admin token; 200. */
  protected Http.Response ingestLines(String ndjson) {
    var r = admin().send("POST", "/api/v1/events", "application/x-ndjson", ndjson, Map.of());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r;
  }
}
