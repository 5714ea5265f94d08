package io.liveguard.platform.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Before anything uses an H2 file database that was not closed cleanly (the process was killed),
 * opens it once on its own and rolls back the uncommitted leftovers that H2's recovery keeps
 * ({@link H2Leftovers}); then closes it, so the pool opens a repaired, cleanly closed file. Other
 * databases and H2 in-memory URLs are left alone.
 */
@Component
class H2Recovery implements BeanPostProcessor {
  private static final Logger log = LoggerFactory.getLogger(H2Recovery.class);

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
    if (bean instanceof HikariDataSource hikari) {
      recover(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
    }
    return bean;
  }

  /** Repairs the H2 file behind {@code url} if it was not closed cleanly; a no-op otherwise. */
  static void recover(String url, String user, String password) {
    Path file = mvFile(url);
    if (file == null) {
      return;
    }
    try {
      if (H2Leftovers.closedCleanly(file)) {
        return;
      }
      long t0 = System.nanoTime();
      H2Leftovers.Report report;
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        report = H2Leftovers.repair(c);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (report.total() == 0 && report.identities().isEmpty()) {
        log.info(
            "H2 file {} was not closed cleanly; checked {} entries in {} ms, no uncommitted"
                + " leftovers",
            file,
            report.entriesScanned(),
            ms);
      } else {
        log.warn(
            "H2 file {} was not closed cleanly; rolled back {} uncommitted leftover entries of"
                + " transactions lost at the crash ({}), restarted identities behind their"
                + " column ({}), checked {} entries in {} ms",
            file,
            report.total(),
            report.repaired(),
            report.identities(),
            report.entriesScanned(),
            ms);
      }
    } catch (IOException | SQLException e) {
      throw new IllegalStateException(
          "cannot check the H2 file " + file + " after an unclean shutdown: " + e.getMessage(), e);
    }
  }

  /** The {@code .mv.db} file of an embedded H2 file URL, or null for any other URL. */
  static Path mvFile(String url) {
    if (url == null || !url.startsWith("jdbc:h2:")) {
      return null;
    }
    String rest = url.substring("jdbc:h2:".length());
    int semicolon = rest.indexOf(';');
    String name = semicolon < 0 ? rest : rest.substring(0, semicolon);
    if (name.startsWith("file:")) {
      name = name.substring("file:".length());
    } else if (name.startsWith("mem:")
        || name.startsWith("tcp:")
        || name.startsWith("ssl:")
        || name.contains(":")) {
      return null;
    }
    if (name.startsWith("~")) {
      name = System.getProperty("user.home") + name.substring(1);
    }
    return Path.of(name + ".mv.db");
  }
}
