package io.liveguard.platform.registry;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Jurisdictions (行政区划): province → city → district, each with its prefix path. */
@Service
public class Jurisdictions {
  private final JdbcClient jdbc;

  Jurisdictions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A jurisdiction. */
  public record Jurisdiction(
      String code, String name, String tier, String parentCode, String path) {}

  public Optional<Jurisdiction> find(String code) {
    if (code == null) {
      return Optional.empty();
    }
    return jdbc.sql("SELECT code, name, tier, parent_code, path FROM jurisdiction WHERE code = ?")
        .param(code)
        .query(Jurisdiction.class)
        .optional();
  }

  public List<Jurisdiction> all() {
    return jdbc.sql("SELECT code, name, tier, parent_code, path FROM jurisdiction ORDER BY path")
        .query(Jurisdiction.class)
        .list();
  }

  /** The path of a jurisdiction, or null when the code is null or unknown. */
  public String path(String code) {
    return find(code).map(Jurisdiction::path).orElse(null);
  }
}
