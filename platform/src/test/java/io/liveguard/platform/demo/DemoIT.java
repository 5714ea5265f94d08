package io.liveguard.platform.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;

/** {@code serve --demo}: demo subjects and a replayed session give leads without any request. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "liveguard.demo=true")
@ContextConfiguration(initializers = TestDatabase.class)
class DemoIT {
  @LocalServerPort int port;

  @Test
  void leadsAppearFromTheDemoSessionAndTheApiIsDescribed() throws InterruptedException {
    Http admin = Http.bearer(port, TestDatabase.ADMIN_TOKEN);
    JsonNode leads = null;
    // The live analysis runs in the background; wait for it (bounded), assert on content only.
    for (int i = 0; i < 300; i++) {
      leads = admin.get("/api/v1/leads?room=demo-nanshan-1").json();
      if (leads.size() > 0) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(leads.size()).as("leads of the demo room").isPositive();
    assertThat(leads.toString()).contains("最低价");
    assertThat(admin.get("/api/v1/registry/rooms").body()).contains("demo-baoan-1");

    var api = Http.anonymous(port).get("/v3/api-docs");
    assertThat(api.status()).isEqualTo(200);
    JsonNode paths = api.json().get("paths");
    assertThat(paths.has("/api/v1/leads")).isTrue();
    assertThat(paths.has("/api/v1/events")).isTrue();
    assertThat(paths.has("/api/v1/evidence/{id}/package")).isTrue();
  }
}
