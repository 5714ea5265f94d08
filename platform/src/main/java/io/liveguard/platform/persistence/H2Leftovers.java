package io.liveguard.platform.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.db.MVIndex;
import org.h2.mvstore.db.MVTable;
import org.h2.mvstore.tx.Transaction;
import org.h2.table.Table;
import org.h2.value.VersionedValue;

/**
 * Finds and rolls back the uncommitted entries that an H2 MVStore file can keep after the process
 * was killed: entries written by a transaction that no longer exists once the file is opened again.
 * Call {@link #repair} on an embedded connection right after opening a file that was not closed
 * cleanly ({@link #closedCleanly}), while no other session is open. Not thread-safe.
 */
public final class H2Leftovers {
  /*
   * Why (issue 4, docs/platform.md "Crash test results"). MVStore stores a chunk by taking the
   * root of each map one after the other while other sessions keep writing: the snapshot is
   * consistent per map, not across maps (H2 issue #2080, open; unchanged in 2.4.240 and 2.5.252). A
   * transaction writes its undo-log record before the data entry and, on commit, marks the data
   * entries committed before it clears its undo log. A chunk stored meanwhile can therefore hold a
   * data entry still marked "uncommitted by transaction T" while its copy of T's undo log lacks
   * that entry (or is already empty). The next store repairs that, but a kill -9 before it leaves
   * the file so: on open, H2 rolls back T from its undo log, which does not name the entry, and
   * the entry stays uncommitted forever. H2 tolerates such a leftover when the same key is written
   * again (TxDecisionMaker), but the unique check of a secondary index (MVSecondaryIndex
   * .checkUnique) meets it under another row key and raises "Concurrent update" (90131) on every
   * insert of that value: the batch that was in flight at the kill could never be stored. Worse,
   * transaction ids are reused: a later transaction that gets the lost one's id sees the leftover
   * rows as its own, and COUNT(*) counts them (it reads the map size).
   *
   * After open and recovery no transaction is open but the ones prepared for two-phase commit;
   * every other uncommitted entry is such a leftover, and rolling it back is exactly what the
   * lost undo record would have done: restore the committed value, or remove the entry if there
   * was none.
   */

  /** The operation id of an uncommitted entry: transaction id above the 40 bits of log id. */
  private static final int LOG_ID_BITS = 40;

  private H2Leftovers() {}

  /**
   * What {@link #repair} found: the number of leftover entries rolled back, per map, and the
   * identity columns restarted above their largest value (column → the value they restart with).
   */
  public record Report(
      long entriesScanned, Map<String, Integer> repaired, Map<String, Long> identities) {
    public int total() {
      return repaired.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * Whether the H2 file {@code mvDb} ({@code NAME.mv.db}) was closed cleanly, read from its store
   * header (H2 writes {@code clean:1} there on close and drops it when it opens the file). A
   * missing file counts as clean (nothing to repair).
   */
  public static boolean closedCleanly(Path mvDb) throws IOException {
    if (!Files.exists(mvDb)) {
      return true;
    }
    byte[] block = new byte[4096];
    int n;
    try (InputStream in = Files.newInputStream(mvDb)) {
      n = in.readNBytes(block, 0, block.length);
    }
    String header = new String(block, 0, n, StandardCharsets.ISO_8859_1);
    int end = header.indexOf('\n');
    header = end < 0 ? header : header.substring(0, end);
    for (String field : header.split(",")) {
      if (field.equals("clean:1")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Rolls back every uncommitted entry of every table and index map whose transaction is not one
   * prepared for two-phase commit, and stores the result. {@code connection} must be an embedded H2
   * connection.
   */
  public static Report repair(Connection connection) throws SQLException {
    SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
    Database db = session.getDatabase();
    // Only a transaction prepared for two-phase commit outlives a restart. Any other open one
    // began after the restart and, as transaction ids are reused, may carry the id of the lost
    // one: it must not hide the leftovers.
    Set<Integer> open = new HashSet<>();
    for (Transaction t : db.getStore().getTransactionStore().getOpenTransactions()) {
      if (t.getStatus() == Transaction.STATUS_PREPARED) {
        open.add(t.getId());
      }
    }
    Map<String, Integer> repaired = new LinkedHashMap<>();
    Set<Integer> maps = new HashSet<>();
    long scanned = 0;
    for (Table table : db.getAllTablesAndViews()) {
      if (!(table instanceof MVTable)) {
        continue;
      }
      for (Index index : table.getIndexes()) {
        if (!(index instanceof MVIndex<?, ?> mvIndex)) {
          continue;
        }
        @SuppressWarnings("unchecked")
        MVMap<Object, VersionedValue<Object>> map =
            (MVMap<Object, VersionedValue<Object>>) (MVMap<?, ?>) mvIndex.getMVMap();
        if (!maps.add(map.getId())) {
          continue; // a delegate index shares the table's map
        }
        List<Object> leftovers = new ArrayList<>();
        Cursor<Object, VersionedValue<Object>> cursor = map.cursor(null);
        while (cursor.hasNext()) {
          Object key = cursor.next();
          scanned++;
          long operation = cursor.getValue().getOperationId();
          if (operation != 0 && !open.contains((int) (operation >>> LOG_ID_BITS))) {
            leftovers.add(key);
          }
        }
        for (Object key : leftovers) {
          rollBack(map, key);
        }
        if (!leftovers.isEmpty()) {
          repaired.put(table.getName() + "/" + index.getName(), leftovers.size());
        }
      }
    }
    if (!repaired.isEmpty()) {
      db.getStore().getMvStore().commit();
    }
    return new Report(scanned, repaired, restartIdentities(connection));
  }

  /**
   * Restarts every identity column whose next value is not above the column's largest value. The
   * same per-map store can persist a sequence's state older than rows that used its later values: a
   * kill -9 harness left {@code finding.id} to hand out 493,803 while 493,852 was stored, and every
   * insert failed with a primary-key violation until the sequence passed it.
   */
  static Map<String, Long> restartIdentities(Connection connection) throws SQLException {
    Map<String, Long> restarted = new LinkedHashMap<>();
    List<String[]> columns = new ArrayList<>();
    try (var rs =
        connection
            .createStatement()
            .executeQuery(
                "SELECT table_schema, table_name, column_name, identity_base"
                    + " FROM information_schema.columns WHERE is_identity = 'YES'")) {
      while (rs.next()) {
        columns.add(
            new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
      }
    }
    for (String[] c : columns) {
      String table = quote(c[0]) + "." + quote(c[1]);
      Long max;
      try (var rs =
          connection
              .createStatement()
              .executeQuery("SELECT MAX(" + quote(c[2]) + ") FROM " + table)) {
        rs.next();
        max = rs.getObject(1) == null ? null : rs.getLong(1);
      }
      if (max != null && c[3] != null && Long.parseLong(c[3]) <= max) {
        try (var st = connection.createStatement()) {
          st.execute(
              "ALTER TABLE "
                  + table
                  + " ALTER COLUMN "
                  + quote(c[2])
                  + " RESTART WITH "
                  + (max + 1));
        }
        restarted.put(c[1] + "." + c[2], max + 1);
      }
    }
    return restarted;
  }

  private static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  @SuppressWarnings("unchecked")
  private static void rollBack(MVMap<Object, VersionedValue<Object>> map, Object key) {
    VersionedValue<Object> value = map.get(key);
    if (value == null || value.getOperationId() == 0) {
      return;
    }
    Object committed = value.getCommittedValue();
    if (committed == null) {
      map.remove(key);
    } else {
      // H2's stored values (Value, SearchRow) are their own committed VersionedValue.
      map.put(key, (VersionedValue<Object>) committed);
    }
  }
}
