package io.liveguard.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test application at a fresh database: a new H2 file database in a temporary directory,
 * or — when the system property {@code liveguard.it.db=postgres} — a new database {@code
 * liveguard_it_<random>} on the local PostgreSQL (127.0.0.1:5432, user postgres), dropped when the
 * JVM exits. Failsafe runs every integration test once per database.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  public static final String ADMIN_USER = "admin";
  public static final String ADMIN_PASSWORD = "admin-secret-1";
  public static final String ADMIN_TOKEN = "it-bootstrap-token-0123456789";
  static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

  public static String kind() {
    return System.getProperty("liveguard.it.db", "h2");
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(new MapPropertySource("liveguard-test-db", properties()));
  }

  public static Map<String, Object> properties() {
    Map<String, Object> p = new HashMap<>();
    try {
      Path dir = Files.createTempDirectory("liveguard-it");
      p.put("liveguard.data", dir.toString());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    if (kind().equals("postgres")) {
      p.put("spring.datasource.url", createPostgres());
      p.put("spring.datasource.username", "postgres");
      p.put("spring.datasource.password", "");
    }
    p.put("liveguard.bootstrap.admin", ADMIN_USER + ":" + ADMIN_PASSWORD);
    p.put("liveguard.bootstrap.token", ADMIN_TOKEN);
    return p;
  }

  /** Creates a fresh PostgreSQL database and returns its JDBC URL. */
  public static String createPostgres() {
    String name = "liveguard_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, "postgres", "")) {
      c.createStatement().execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create a test database on 127.0.0.1:5432 as postgres: " + e.getMessage(), e);
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, "postgres", "")) {
                    c.createStatement()
                        .execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                  } catch (SQLException e) {
                    System.err.println("could not drop " + name + ": " + e.getMessage());
                  }
                }));
    return "jdbc:postgresql://127.0.0.1:5432/" + name;
  }
}
