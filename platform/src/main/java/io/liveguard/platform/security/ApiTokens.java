package io.liveguard.platform.security;

import io.liveguard.platform.user.UserStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * API tokens that an admin issues per data source. Only SHA-256 of the secret is stored: the
 * secrets are 256 random bits, so a fast hash suffices (no dictionary to attack).
 */
@Service
public class ApiTokens {
  private static final String PREFIX = "lg_";
  private final JdbcClient jdbc;
  private final UserStore users;
  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();

  ApiTokens(JdbcClient jdbc, UserStore users, InstantSource clock) {
    this.jdbc = jdbc;
    this.users = users;
    this.clock = clock;
  }

  /** A token as listed: never the secret. */
  public record TokenInfo(
      long id,
      long userId,
      String username,
      String name,
      String prefix,
      String createdAt,
      boolean revoked) {}

  /** Issues a new random token for a user; returns the secret, shown once. */
  public Issued issue(long userId, String name) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    long id = store(userId, name, secret);
    return new Issued(id, secret);
  }

  /** The result of issuing: the id and the secret (shown once). */
  public record Issued(long id, String secret) {}

  /** Stores a token with a given secret (the bootstrap token); returns its id. */
  public long store(long userId, String name, String secret) {
    jdbc.sql(
            "INSERT INTO api_token (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?,"
                + " ?, ?)")
        .params(
            userId,
            name,
            hash(secret),
            secret.substring(0, Math.min(8, secret.length())),
            OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .update();
    return jdbc.sql("SELECT id FROM api_token WHERE token_hash = ?")
        .param(hash(secret))
        .query(Long.class)
        .single();
  }

  public boolean exists(String secret) {
    return jdbc.sql("SELECT COUNT(*) FROM api_token WHERE token_hash = ?")
            .param(hash(secret))
            .query(Long.class)
            .single()
        > 0;
  }

  /** The enabled user behind an unrevoked token, with the token id set. */
  public Optional<Actor> authenticate(String secret) {
    if (secret == null || secret.isEmpty() || secret.length() > 200) {
      return Optional.empty();
    }
    return jdbc.sql("SELECT id, user_id FROM api_token WHERE token_hash = ? AND revoked_at IS NULL")
        .param(hash(secret))
        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)})
        .optional()
        .flatMap(t -> users.find(t[1]).filter(Actor::enabled).map(a -> a.withToken(t[0])));
  }

  public List<TokenInfo> list() {
    return jdbc.sql(
            "SELECT t.id, t.user_id, u.username, t.name, t.prefix, t.created_at, t.revoked_at FROM"
                + " api_token t JOIN app_user u ON u.id = t.user_id ORDER BY t.id")
        .query(
            (rs, n) ->
                new TokenInfo(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getObject(6, OffsetDateTime.class).toInstant().toString(),
                    rs.getObject(7) != null))
        .list();
  }

  /** Revokes a token; false if there is no such unrevoked token. */
  public boolean revoke(long id) {
    return jdbc.sql("UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            .params(OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), id)
            .update()
        == 1;
  }

  static String hash(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
