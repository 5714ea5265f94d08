package io.liveguard.platform.registry;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Reads of the registry, as plain rows for the API. */
@Service
public class RegistryQueries {
  private final JdbcClient jdbc;

  RegistryQueries(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public List<Map<String, Object>> list(RegistryKind kind, int limit, int offset) {
    String sql =
        switch (kind) {
          case JURISDICTIONS ->
              "SELECT code, name, tier, parent_code AS parent, path FROM jurisdiction ORDER BY path";
          case PLATFORMS -> "SELECT code, name FROM platform ORDER BY code";
          case ENTERPRISES ->
              "SELECT id, uscc, name, jurisdiction_code AS jurisdiction FROM enterprise ORDER BY id";
          case MCN_AGENCIES ->
              "SELECT m.id, e.uscc, m.name FROM mcn_agency m JOIN enterprise e ON e.id ="
                  + " m.enterprise_id ORDER BY m.id";
          case STREAMERS ->
              "SELECT s.id, s.name, e.uscc AS mcn, (SELECT STRING_AGG(a.platform || ':' ||"
                  + " a.account, ';' ORDER BY a.platform, a.account) FROM streamer_account a WHERE"
                  + " a.streamer_id = s.id) AS accounts FROM streamer s LEFT JOIN mcn_agency m ON"
                  + " m.id = s.mcn_id LEFT JOIN enterprise e ON e.id = m.enterprise_id ORDER BY"
                  + " s.id";
          case ROOMS -> ROOMS + " ORDER BY r.id";
          case SESSIONS ->
              "SELECT s.id, r.platform, r.external_id AS room, s.external_id AS session,"
                  + " s.started_at, s.ended_at, s.end_reason FROM live_session s JOIN room r ON r.id ="
                  + " s.room_id"
                  + " ORDER BY s.id";
          case LISTINGS ->
              "SELECT l.id, r.platform, r.external_id AS room, l.external_id AS listing, l.title,"
                  + " l.product_category AS category, b.name AS brand, l.price, l.attributes FROM"
                  + " listing l JOIN room r ON r.id = l.room_id LEFT JOIN brand b ON b.id ="
                  + " l.brand_id ORDER BY l.id";
          case BRANDS ->
              "SELECT b.id, b.name, b.name_en, b.aliases, (SELECT STRING_AGG(e.uscc, ';' ORDER BY"
                  + " e.uscc) FROM brand_seller s JOIN enterprise e ON e.id = s.enterprise_id WHERE"
                  + " s.brand_id = b.id) AS sellers FROM brand b ORDER BY b.id";
        };
    return jdbc.sql(sql + " LIMIT ? OFFSET ?").params(limit, offset).query().listOfRows();
  }

  private static final String ROOMS =
      "SELECT r.id, r.platform, r.external_id AS room, r.name, e.uscc AS enterprise,"
          + " r.jurisdiction_code AS jurisdiction, r.registered FROM room r LEFT JOIN enterprise e"
          + " ON e.id = r.enterprise_id LEFT JOIN jurisdiction j ON j.code = r.jurisdiction_code";

  /** The rooms a user may see: a merchant its own, others those of their jurisdiction. */
  public List<Map<String, Object>> rooms(Actor actor, int limit, int offset) {
    if (actor.role() == Role.MERCHANT) {
      return jdbc.sql(ROOMS + " WHERE r.enterprise_id = ? ORDER BY r.id LIMIT ? OFFSET ?")
          .params(actor.enterpriseId(), limit, offset)
          .query()
          .listOfRows();
    }
    if (actor.jurisdictionPath() == null) {
      return list(RegistryKind.ROOMS, limit, offset);
    }
    return jdbc.sql(ROOMS + " WHERE j.path LIKE ? ORDER BY r.id LIMIT ? OFFSET ?")
        .params(actor.jurisdictionPath() + "%", limit, offset)
        .query()
        .listOfRows();
  }
}
