package io.liveguard.platform.risk;

import io.liveguard.risk.RiskScore;
import io.liveguard.risk.Subject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What a merchant may see of its own rooms: risk score, warnings, green status. */
@Component
class MerchantRooms {
  private final JdbcClient jdbc;
  private final RiskService risk;

  MerchantRooms(JdbcClient jdbc, RiskService risk) {
    this.jdbc = jdbc;
    this.risk = risk;
  }

  /**
   * @param highestOpenTier the highest tier among open warnings, or {@code null}
   * @param green {@code awarded}, {@code applied}, or {@code null}
   */
  record RoomStatus(
      long roomId,
      String platform,
      String room,
      String name,
      int score,
      Map<String, Object> risk,
      int openWarnings,
      String highestOpenTier,
      int monitoringPriority,
      String green) {}

  @Transactional(readOnly = true)
  List<RoomStatus> of(long enterpriseId) {
    return jdbc
        .sql("SELECT id, platform, external_id, name FROM room WHERE enterprise_id = ? ORDER BY id")
        .param(enterpriseId)
        .query(
            (rs, i) ->
                new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)})
        .list()
        .stream()
        .map(this::status)
        .toList();
  }

  @Transactional(readOnly = true)
  Optional<RoomStatus> room(long id) {
    return jdbc.sql("SELECT id, platform, external_id, name FROM room WHERE id = ?")
        .param(id)
        .query(
            (rs, i) ->
                new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)})
        .optional()
        .map(this::status);
  }

  private RoomStatus status(Object[] r) {
    long id = (Long) r[0];
    RiskScore s = risk.score(Subject.room(id));
    Object[] w =
        jdbc.sql(
                "SELECT COUNT(*), MAX(w.tier_rank) FROM warning w JOIN warning_room x ON"
                    + " x.warning_id = w.id WHERE x.room_id = ? AND w.acknowledged_at IS NULL")
            .param(id)
            .query((rs, i) -> new Object[] {rs.getInt(1), rs.getObject(2)})
            .list()
            .get(0);
    String tier =
        w[1] == null ? null : io.liveguard.risk.Tier.values()[((Number) w[1]).intValue() - 1].id();
    List<String> green =
        jdbc.sql(
                "SELECT status FROM green_application WHERE room_id = ? AND status IN ('applied',"
                    + " 'awarded') ORDER BY id DESC")
            .param(id)
            .query(String.class)
            .list();
    return new RoomStatus(
        id,
        (String) r[1],
        (String) r[2],
        (String) r[3],
        s.score(),
        RiskService.view(s),
        (Integer) w[0],
        tier,
        risk.priority(id),
        green.isEmpty() ? null : green.get(0));
  }
}
