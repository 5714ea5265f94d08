package io.liveguard.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class SecurityIT extends PlatformIT {
  @Autowired JdbcClient jdbc;

  @Test
  void healthIsUpWithoutLogin() {
    var r = anonymous().get("/actuator/health");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("status").asString()).isEqualTo("UP");
  }

  @Test
  void apiWithoutCredentialsIsA401Problem() {
    var r = anonymous().get("/api/v1/me");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isEqualTo("unauthenticated");
  }

  @Test
  void consoleWithoutLoginRedirectsToTheLoginPage() {
    var r = anonymous().get("/");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).endsWith("/login");
  }

  @Test
  void wrongTokenIsRejected() {
    var r = Http.bearer(port, "lg_not-a-token").get("/api/v1/me");
    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void bootstrapTokenActsAsTheBootstrapAdmin() {
    var r = admin().get("/api/v1/me");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("username").asString()).isEqualTo(TestDatabase.ADMIN_USER);
    assertThat(r.json().get("role").asString()).isEqualTo("admin");
  }

  @Test
  void passwordsAndTokensAreHashedAtRest() {
    String hash =
        jdbc.sql("SELECT password_hash FROM app_user WHERE username = ?")
            .param(TestDatabase.ADMIN_USER)
            .query(String.class)
            .single();
    assertThat(hash).startsWith("{bcrypt}").doesNotContain(TestDatabase.ADMIN_PASSWORD);
    var secrets = jdbc.sql("SELECT token_hash FROM api_token").query(String.class).list();
    assertThat(secrets).isNotEmpty().doesNotContain(TestDatabase.ADMIN_TOKEN);
    assertThat(secrets).contains(ApiTokens.hash(TestDatabase.ADMIN_TOKEN));
  }

  @Test
  void sessionLoginNeedsCsrfForWrites() {
    Http console = Http.session(port, TestDatabase.ADMIN_USER, TestDatabase.ADMIN_PASSWORD);
    assertThat(console.get("/api/v1/me").status()).isEqualTo(200);
    var ok = console.post("/api/v1/tokens", Map.of("name", "csrf-ok"));
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    var forged =
        console.send(
            "POST",
            "/api/v1/tokens",
            "application/json",
            "{\"name\":\"forged\"}",
            Map.of("X-CSRF-TOKEN", "forged"));
    assertThat(forged.status()).isEqualTo(403);
  }

  @Test
  void wrongPasswordDoesNotLogIn() {
    Http h = Http.anonymous(port);
    String token = Http.csrfFromPage(h.get("/login").body());
    var r =
        h.send(
            "POST",
            "/login",
            "application/x-www-form-urlencoded",
            Http.formOf(Map.of("username", "admin", "password", "wrong-password", "_csrf", token)),
            Map.of());
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).contains("error");
  }

  @Test
  void issuedTokenWorksUntilRevoked() {
    var issued = admin().post("/api/v1/tokens", Map.of("name", "douyin-push"));
    assertThat(issued.status()).isEqualTo(201);
    String secret = issued.json().get("secret").asString();
    long id = issued.json().get("id").asLong();
    assertThat(Http.bearer(port, secret).get("/api/v1/me").status()).isEqualTo(200);
    assertThat(admin().delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
    assertThat(Http.bearer(port, secret).get("/api/v1/me").status()).isEqualTo(401);
    assertThat(admin().get("/api/v1/tokens").body()).doesNotContain(secret);
  }

  @Test
  void tokenCarriesTheRoleOfItsUser() {
    var created =
        admin()
            .post(
                "/api/v1/users",
                Map.of("username", "leader1", "password", "leader-pass-1", "role", "leader"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    var issued =
        admin().post("/api/v1/tokens", Map.of("name", "leader-script", "username", "leader1"));
    Http leader = Http.bearer(port, issued.json().get("secret").asString());
    assertThat(leader.get("/api/v1/me").json().get("role").asString()).isEqualTo("leader");
    assertThat(leader.get("/api/v1/users").status()).isEqualTo(403);
  }

  @Test
  void userCreationValidatesItsInput() {
    var r =
        admin()
            .post("/api/v1/users", Map.of("username", "x", "password", "short", "role", "wizard"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").size()).isEqualTo(2);
    var role =
        admin()
            .post(
                "/api/v1/users",
                Map.of("username", "wizard1", "password", "long-enough-1", "role", "wizard"));
    assertThat(role.status()).isEqualTo(400);
    assertThat(role.json().get("code").asString()).isEqualTo("unknown-role");
    assertThat(role.json().get("detail").asString()).contains("wizard");
  }
}
