package io.liveguard.platform.user;

import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Repository;

/** Users in the {@code app_user} table; also the login's user details service. */
@Repository
public class UserStore implements UserDetailsService {
  private static final String SELECT =
      "SELECT u.id, u.username, u.password_hash, u.role, u.jurisdiction_code, j.path,"
          + " u.enterprise_id, u.enabled FROM app_user u"
          + " LEFT JOIN jurisdiction j ON j.code = u.jurisdiction_code ";

  private final JdbcClient jdbc;
  private final InstantSource clock;

  UserStore(JdbcClient jdbc, InstantSource clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  @Override
  public Actor loadUserByUsername(String username) {
    return find(username).orElseThrow(() -> new UsernameNotFoundException(username));
  }

  public Optional<Actor> find(String username) {
    return jdbc.sql(SELECT + "WHERE u.username = ?")
        .param(username)
        .query(UserStore::map)
        .optional();
  }

  public Optional<Actor> find(long id) {
    return jdbc.sql(SELECT + "WHERE u.id = ?").param(id).query(UserStore::map).optional();
  }

  public List<Actor> all() {
    return jdbc.sql(SELECT + "ORDER BY u.id").query(UserStore::map).list();
  }

  public boolean anyAdmin() {
    return jdbc.sql("SELECT COUNT(*) FROM app_user WHERE role = 'admin'").query(Long.class).single()
        > 0;
  }

  /** Inserts a user and returns its id; the password must already be hashed. */
  public long create(
      String username,
      String passwordHash,
      Role role,
      String jurisdictionCode,
      Long enterpriseId,
      String displayName) {
    jdbc.sql(
            "INSERT INTO app_user (username, password_hash, display_name, role, jurisdiction_code,"
                + " enterprise_id, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, TRUE, ?)")
        .params(
            username,
            passwordHash,
            displayName,
            role.id(),
            jurisdictionCode,
            enterpriseId,
            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .update();
    return find(username).orElseThrow().id();
  }

  static Actor map(ResultSet rs, int row) throws SQLException {
    long ent = rs.getLong(7);
    Long enterprise = rs.wasNull() ? null : ent;
    return new Actor(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        Role.parse(rs.getString(4)),
        rs.getString(5),
        rs.getString(6),
        enterprise,
        rs.getBoolean(8),
        null);
  }
}
