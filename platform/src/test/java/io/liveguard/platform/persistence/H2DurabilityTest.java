package io.liveguard.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a kill -9 leaves of an H2 file, taken by copying the file while the database is open: with a
 * write delay far longer than the test, a committed row reaches the file only through {@link
 * H2Durability}. Real H2 files; only the crash is simulated by the copy.
 */
class H2DurabilityTest {
  // Long enough that H2's background writer never runs during the test.
  static final String OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=600000";

  @Test
  void anAuditedCommitIsOnDiskWhenTheCommitReturnsAndAnUnsyncedOneIsNot(@TempDir Path dir)
      throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("db") + OPTIONS);
    ds.setUser("sa");
    // Held open for the whole test, as the running server holds its database.
    try (Connection keepOpen = ds.getConnection()) {
      JdbcTemplate jdbc = new JdbcTemplate(ds);
      jdbc.execute("CREATE TABLE decision (id INT PRIMARY KEY, what VARCHAR(64))");
      jdbc.execute("CHECKPOINT SYNC");
      TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
      H2Durability durability = new H2Durability(ds, true);

      tx.executeWithoutResult(s -> jdbc.update("INSERT INTO decision VALUES (1, 'not synced')"));
      assertThat(rowsAfterCrash(dir, "without")).as("control: the write delay holds it").isZero();

      tx.executeWithoutResult(
          s -> {
            jdbc.update("INSERT INTO decision VALUES (2, 'confirmed')");
            durability.syncAfterCommit();
            durability.syncAfterCommit(); // asked twice, synced once after the commit
          });
      assertThat(rowsAfterCrash(dir, "with")).isEqualTo(2);
    }
  }

  @Test
  void turnedOffItLeavesTheWriteDelayAlone(@TempDir Path dir) throws Exception {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:file:" + dir.resolve("db") + OPTIONS);
    ds.setUser("sa");
    try (Connection keepOpen = ds.getConnection()) {
      JdbcTemplate jdbc = new JdbcTemplate(ds);
      jdbc.execute("CREATE TABLE decision (id INT PRIMARY KEY, what VARCHAR(64))");
      jdbc.execute("CHECKPOINT SYNC");
      jdbc.update("INSERT INTO decision VALUES (1, 'x')");
      new H2Durability(ds, false).sync();
      assertThat(rowsAfterCrash(dir, "off")).isZero();
    }
  }

  @Test
  void aDatabaseUserThatMayNotCheckpointStopsTheStartWithWhatToChange(@TempDir Path dir)
      throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("db") + OPTIONS;
    try (Connection admin = DriverManager.getConnection(url, "sa", "");
        Statement s = admin.createStatement()) {
      s.execute("CREATE USER reader PASSWORD 'reader-pw'");
      JdbcDataSource ds = new JdbcDataSource();
      ds.setURL(url);
      ds.setUser("reader");
      ds.setPassword("reader-pw");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> new H2Durability(ds, true).afterPropertiesSet())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("spring.datasource.username")
          .hasMessageContaining("admin");
      JdbcDataSource sa = new JdbcDataSource();
      sa.setURL(url);
      sa.setUser("sa");
      new H2Durability(sa, true).afterPropertiesSet();
    }
  }

  /** Copies the open database's file, as a kill -9 would leave it, and counts its rows. */
  static long rowsAfterCrash(Path dir, String name) throws Exception {
    Path copy = dir.resolve("crash-" + name);
    Files.createDirectories(copy);
    Files.copy(dir.resolve("db.mv.db"), copy.resolve("db.mv.db"));
    try (Connection c =
            DriverManager.getConnection("jdbc:h2:file:" + copy.resolve("db") + OPTIONS, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM decision")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
