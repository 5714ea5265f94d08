package io.liveguard.platform.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes what the platform acknowledges durable on H2. H2 stores committed changes in the background
 * (its default write delay, which also runs the file's compaction) and never forces the file to
 * disk at commit; {@code CHECKPOINT SYNC} writes and fsyncs them. Called where a write is
 * acknowledged to someone: an ingest batch before its answer, and every audited action (a decision
 * an officer took, a registry edit, a task change) right after its transaction commits. On
 * PostgreSQL the commit is durable by itself and this does nothing.
 *
 * <p>{@code liveguard.ingest.h2-checkpoint=false} turns it off, only to measure its cost
 * (docs/benchmarks.md): acknowledged writes are then not durable on H2.
 */
@Component
public class H2Durability implements InitializingBean {
  private static final Object PENDING = new Object();

  private final DataSource dataSource;
  private final boolean enabled;
  // Null until the first call looks.
  private volatile Boolean h2;

  H2Durability(
      DataSource dataSource, @Value("${liveguard.ingest.h2-checkpoint:true}") boolean enabled) {
    this.dataSource = dataSource;
    this.enabled = enabled;
  }

  /**
   * Checks at start that the checkpoint can run: on H2 it needs a user with admin rights, and an
   * acknowledged write must never be the first to find out.
   */
  @Override
  public void afterPropertiesSet() {
    try {
      sync();
    } catch (DataAccessResourceFailureException e) {
      throw new IllegalStateException(
          "H2 refuses CHECKPOINT SYNC, which makes acknowledged writes durable: the database user"
              + " (spring.datasource.username) must be an H2 admin, as 'sa' is — "
              + e.getMostSpecificCause().getMessage(),
          e);
    }
  }

  /** Writes and syncs everything committed so far (H2), now. */
  public void sync() {
    if (!enabled || !isH2()) {
      return;
    }
    // A connection of its own: the caller's may be inside a transaction or already released.
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("CHECKPOINT SYNC");
    } catch (SQLException e) {
      throw new DataAccessResourceFailureException(
          "could not write the committed changes to the H2 file: " + e.getMessage(), e);
    }
  }

  /**
   * Syncs once the caller's transaction commits, before the commit returns to the code that will
   * acknowledge it (once per transaction however often it is asked); at once without a transaction.
   */
  public void syncAfterCommit() {
    if (!enabled || !isH2()) {
      return;
    }
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      sync();
      return;
    }
    if (TransactionSynchronizationManager.hasResource(PENDING)) {
      return;
    }
    TransactionSynchronizationManager.bindResource(PENDING, Boolean.TRUE);
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            sync();
          }

          @Override
          public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(PENDING);
          }
        });
  }

  private boolean isH2() {
    Boolean known = h2;
    if (known == null) {
      try (Connection c = dataSource.getConnection()) {
        known = c.getMetaData().getDatabaseProductName().equals("H2");
      } catch (SQLException e) {
        throw new DataAccessResourceFailureException(
            "could not tell which database this is: " + e.getMessage(), e);
      }
      h2 = known;
    }
    return known;
  }
}
