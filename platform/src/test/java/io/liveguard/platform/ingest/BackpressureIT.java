package io.liveguard.platform.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * The ingest API refuses batches with 503, Retry-After and a problem body while the analysis is
 * behind by more than {@code liveguard.ingest.max-backlog} events, stores nothing of them, and
 * takes them again once the analysis has caught up. The analysis is held back for real: the test
 * holds the row lock of the analysis cursor that every analysis round takes.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"liveguard.ingest.max-backlog=2", "liveguard.ingest.max-lag=1h"})
@ContextConfiguration(initializers = TestDatabase.class)
class BackpressureIT {
  @LocalServerPort int port;
  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired IngestBacklog backlog;

  static String batch(String prefix, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(IngestIT.transcript(prefix + i, "r-bp", "欢迎来到直播间")).append('\n');
    }
    return b.toString();
  }

  long stored(String prefix) {
    return jdbc.sql("SELECT COUNT(*) FROM event WHERE event_id LIKE ?")
        .param(prefix + "%")
        .query(Long.class)
        .single();
  }

  @Test
  void aBatchIsRefusedWithRetryAfterWhileTheAnalysisIsBehindAndTakenOnceItCaughtUp()
      throws Exception {
    Http source = Http.bearer(port, TestDatabase.ADMIN_TOKEN);
    for (int i = 0; i < 100 && !backlog.known(); i++) {
      Thread.sleep(100);
    }
    assertThat(backlog.known()).as("the analysis reported its cursor").isTrue();
    try (Connection hold = dataSource.getConnection()) {
      hold.setAutoCommit(false);
      try (Statement s = hold.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT seq FROM analysis_cursor WHERE name = 'live' FOR UPDATE")) {
        assertThat(rs.next()).isTrue();
      }
      var first =
          source.send(
              "POST", "/api/v1/events", "application/x-ndjson", batch("bp-a-", 3), Map.of());
      assertThat(first.status()).as(first.toString()).isEqualTo(200);

      var refused =
          source.send(
              "POST", "/api/v1/events", "application/x-ndjson", batch("bp-b-", 3), Map.of());
      assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
      assertThat(refused.json().get("code").asString()).isEqualTo("events-backlog");
      assertThat(refused.json().get("detail").asString()).contains("3");
      assertThat(refused.json().get("retryAfterSeconds").asLong()).isPositive();
      assertThat(stored("bp-b-")).isZero();
      hold.rollback();
    }
    var again =
        source.send("POST", "/api/v1/events", "application/x-ndjson", batch("bp-b-", 3), Map.of());
    for (int i = 0; i < 300 && again.status() == 503; i++) {
      Thread.sleep(100);
      again =
          source.send(
              "POST", "/api/v1/events", "application/x-ndjson", batch("bp-b-", 3), Map.of());
    }
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().get("stored").asInt()).isEqualTo(3);
    assertThat(stored("bp-a-")).isEqualTo(3);
    assertThat(stored("bp-b-")).isEqualTo(3);
  }
}
