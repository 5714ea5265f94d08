package io.liveguard.platform.demo;

import io.liveguard.platform.ingest.Ingest;
import io.liveguard.platform.ingest.JsonlEvents;
import io.liveguard.platform.registry.Registry;
import io.liveguard.platform.registry.RegistryImports;
import io.liveguard.platform.registry.RegistryKind;
import io.liveguard.platform.security.Role;
import io.liveguard.platform.user.UserStore;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * {@code --demo}: registers demo subjects (two rooms in two districts) and replays a demo session
 * through the ingest path, so that leads appear within seconds of start. If no admin exists and
 * none is bootstrapped, it creates one with a random password printed once to the log — never a
 * default password.
 */
@Component
@Order(10)
class DemoLoader implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(DemoLoader.class);
  private final boolean demo;
  private final Registry registry;
  private final Ingest ingest;
  private final JdbcClient jdbc;
  private final UserStore users;
  private final PasswordEncoder encoder;

  DemoLoader(
      @Value("${liveguard.demo:false}") boolean demo,
      Registry registry,
      Ingest ingest,
      JdbcClient jdbc,
      UserStore users,
      PasswordEncoder encoder) {
    this.demo = demo;
    this.registry = registry;
    this.ingest = ingest;
    this.jdbc = jdbc;
    this.users = users;
    this.encoder = encoder;
  }

  @Override
  public void run(ApplicationArguments args) throws Exception {
    if (!demo) {
      return;
    }
    if (!users.anyAdmin()) {
      byte[] b = new byte[12];
      new SecureRandom().nextBytes(b);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      users.create("admin", encoder.encode(password), Role.ADMIN, null, null, "演示管理员");
      log.warn("demo: created user \"admin\" with password \"{}\" (shown once)", password);
    }
    boolean loaded =
        jdbc.sql(
                    "SELECT COUNT(*) FROM room WHERE platform = 'douyin' AND external_id ="
                        + " 'demo-nanshan-1' AND registered")
                .query(Long.class)
                .single()
            > 0;
    if (!loaded) {
      load(RegistryKind.JURISDICTIONS, "jurisdictions.csv");
      load(RegistryKind.ENTERPRISES, "enterprises.json");
      load(RegistryKind.MCN_AGENCIES, "mcn-agencies.json");
      load(RegistryKind.STREAMERS, "streamers.json");
      load(RegistryKind.BRANDS, "brands.json");
      load(RegistryKind.ROOMS, "rooms.csv");
      load(RegistryKind.LISTINGS, "listings.json");
    }
    try (InputStream in = resource("session.jsonl")) {
      var events =
          JsonlEvents.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      var results = ingest.store(events, null);
      long stored = results.stream().filter(r -> r.status().equals(Ingest.Result.STORED)).count();
      log.info("demo: replayed {} events of the demo sessions ({} new)", events.size(), stored);
    }
  }

  private void load(RegistryKind kind, String file) throws IOException {
    try (InputStream in = resource(file)) {
      var report =
          RegistryImports.importFile(
              registry, kind, in.readAllBytes(), file.endsWith(".csv"), "demo");
      if (!report.ok()) {
        throw new IllegalStateException("demo data " + file + " refused: " + report.errors());
      }
    }
  }

  private static InputStream resource(String name) {
    InputStream in = DemoLoader.class.getResourceAsStream("/demo/" + name);
    if (in == null) {
      throw new IllegalStateException("missing demo resource " + name);
    }
    return in;
  }
}
