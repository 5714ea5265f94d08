package io.liveguard.platform.risk;

import io.liveguard.risk.ScoringRules;
import io.liveguard.risk.SubjectGraph;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The registry's links between subjects, read from the database on each question. */
final class JdbcSubjectGraph implements SubjectGraph {
  private final JdbcClient jdbc;
  private final ScoringRules scoring;

  JdbcSubjectGraph(JdbcClient jdbc, ScoringRules scoring) {
    this.jdbc = jdbc;
    this.scoring = scoring;
  }

  private OptionalLong one(String sql, long id) {
    List<Long> l = jdbc.sql(sql).param(id).query(Long.class).list();
    return l.isEmpty() || l.get(0) == null ? OptionalLong.empty() : OptionalLong.of(l.get(0));
  }

  private long[] many(String sql, long id) {
    return jdbc.sql(sql).param(id).query(Long.class).list().stream()
        .mapToLong(Long::longValue)
        .toArray();
  }

  @Override
  public OptionalLong streamerOf(long room) {
    return one("SELECT streamer_id FROM room WHERE id = ?", room);
  }

  @Override
  public OptionalLong enterpriseOf(long room) {
    return one("SELECT enterprise_id FROM room WHERE id = ?", room);
  }

  /** The category with the highest factor among the room's listings. */
  @Override
  public String categoryOf(long room) {
    String best = null;
    double factor = 0;
    for (String c :
        jdbc.sql(
                "SELECT DISTINCT product_category FROM listing WHERE room_id = ? AND"
                    + " product_category IS NOT NULL")
            .param(room)
            .query(String.class)
            .list()) {
      double f = scoring.categoryFactor(c);
      if (f > factor) {
        best = c;
        factor = f;
      }
    }
    return best;
  }

  @Override
  public long[] roomsOfStreamer(long streamer) {
    return many("SELECT id FROM room WHERE streamer_id = ? ORDER BY id", streamer);
  }

  @Override
  public OptionalLong mcnOf(long streamer) {
    return one(
        "SELECT m.enterprise_id FROM streamer s JOIN mcn_agency m ON m.id = s.mcn_id WHERE s.id ="
            + " ?",
        streamer);
  }

  @Override
  public long[] streamersOfMcn(long enterprise) {
    return many(
        "SELECT s.id FROM streamer s JOIN mcn_agency m ON m.id = s.mcn_id WHERE m.enterprise_id ="
            + " ? ORDER BY s.id",
        enterprise);
  }

  @Override
  public long[] roomsOfEnterprise(long enterprise) {
    return many("SELECT id FROM room WHERE enterprise_id = ? ORDER BY id", enterprise);
  }
}
