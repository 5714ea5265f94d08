package io.liveguard.platform.registry;

import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.web.Problems;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The subject registry (主体归集). Every write goes through {@link #importRows}: rows are validated and
 * inserted in order inside one transaction (so a row may refer to one above it), and if any row is
 * refused the whole transaction rolls back — nothing is half-imported.
 */
@Service
public class Registry {
  private static final Pattern JURISDICTION_CODE = Pattern.compile("\\d{6}");
  private static final Pattern PLATFORM_CODE = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final Pattern EXTERNAL_ID = Pattern.compile("[\\p{L}\\p{N}_.:@-]{1,128}");
  private static final Set<String> TIERS = Set.of("province", "city", "district");

  private final JdbcClient jdbc;
  private final Problems problems;
  private final JsonMapper json;
  private final AuditTrail audit;
  private final InstantSource clock;
  private final ApplicationEventPublisher events;

  Registry(
      JdbcClient jdbc,
      Problems problems,
      JsonMapper json,
      AuditTrail audit,
      InstantSource clock,
      ApplicationEventPublisher events) {
    this.jdbc = jdbc;
    this.problems = problems;
    this.json = json;
    this.audit = audit;
    this.clock = clock;
    this.events = events;
  }

  /**
   * Published when an import, edit or deletion of {@code kind} is written; listeners that read the
   * registry (the authorised-seller register) act after the commit.
   */
  public record Changed(RegistryKind kind) {}

  /** The outcome of an import: how many rows were stored, or why none were. */
  public record ImportReport(String kind, int rows, int imported, List<RowError> errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  @Transactional
  public ImportReport importRows(RegistryKind kind, List<Map<String, String>> rows, String actor) {
    List<RowError> errors = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      validateAndWrite(kind, new Row(i + 1, rows.get(i), errors));
    }
    if (!errors.isEmpty()) {
      TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
      return new ImportReport(kind.path(), rows.size(), 0, List.copyOf(errors));
    }
    audit.append(
        actor, "registry.imported", "registry:" + kind.path(), Map.of("rows", rows.size()));
    events.publishEvent(new Changed(kind));
    return new ImportReport(kind.path(), rows.size(), rows.size(), List.of());
  }

  private void validateAndWrite(RegistryKind kind, Row row) {
    switch (kind) {
      case JURISDICTIONS -> jurisdiction(row);
      case PLATFORMS -> platform(row);
      case ENTERPRISES -> enterprise(row);
      case MCN_AGENCIES -> mcn(row);
      case STREAMERS -> streamer(row);
      case ROOMS -> room(row);
      case SESSIONS -> row.error(null, "sessions-from-events");
      case LISTINGS -> listing(row);
      case BRANDS -> brand(row);
    }
  }

  /**
   * The fields that name a subject and cannot change: another value means another subject (a
   * jurisdiction's place in the tree, an enterprise's credit code, a room's platform and id).
   */
  static List<String> identity(RegistryKind kind) {
    return switch (kind) {
      case JURISDICTIONS -> List.of("code", "tier", "parent");
      case PLATFORMS -> List.of("code");
      case ENTERPRISES, MCN_AGENCIES -> List.of("uscc");
      case ROOMS -> List.of("platform", "room");
      case LISTINGS -> List.of("platform", "room", "listing");
      case STREAMERS, BRANDS, SESSIONS -> List.of();
    };
  }

  /**
   * Updates one subject with the import columns of its kind, validated as an import row is. With
   * {@code merge} (PATCH) absent fields keep their values; otherwise (PUT) absent optional fields
   * are cleared. Identity fields ({@link #identity}) may be repeated but not changed. Returns the
   * report; a refused update changes nothing.
   *
   * @throws io.liveguard.platform.web.ApiException 404 for an unknown subject, 409 for sessions
   */
  @Transactional
  public ImportReport update(
      RegistryKind kind, String key, Map<String, String> body, boolean merge, String actor) {
    if (kind == RegistryKind.SESSIONS) {
      throw io.liveguard.platform.web.ApiException.conflict("sessions-read-only");
    }
    Object self = self(kind, key);
    Map<String, String> current = current(kind, self);
    Map<String, String> values = new java.util.LinkedHashMap<>(merge ? current : Map.of());
    body.forEach((k, v) -> values.put(k, v));
    List<RowError> errors = new ArrayList<>();
    Row row = new Row(1, values, errors, self);
    for (String f : identity(kind)) {
      String given = body.get(f);
      String now = current.get(f);
      if (given != null && !given.isBlank() && !given.strip().equals(now == null ? "" : now)) {
        row.error(f, "immutable-field", f, now == null ? "" : now);
      }
      values.put(f, now);
    }
    if (errors.isEmpty()) {
      validateAndWrite(kind, row);
    }
    if (!errors.isEmpty()) {
      TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
      return new ImportReport(kind.path(), 1, 0, List.copyOf(errors));
    }
    Map<String, String> after = current(kind, self);
    List<String> changed = new ArrayList<>();
    for (String f : after.keySet()) {
      if (!java.util.Objects.equals(current.get(f), after.get(f))) {
        changed.add(f);
      }
    }
    audit.append(
        actor,
        "registry.updated",
        "registry:" + kind.path() + ":" + key,
        Map.of("changed", changed, "method", merge ? "PATCH" : "PUT"));
    events.publishEvent(new Changed(kind));
    return new ImportReport(kind.path(), 1, 1, List.of());
  }

  /**
   * Deletes one subject that nothing refers to, with what it owns (a streamer's accounts, a brand's
   * authorised sellers).
   *
   * @throws io.liveguard.platform.web.ApiException 404 for an unknown subject, 409 ({@code
   *     subject-in-use}, with {@code references}) when others refer to it, or for sessions
   */
  @Transactional
  public Map<String, String> delete(RegistryKind kind, String key, String actor) {
    if (kind == RegistryKind.SESSIONS) {
      throw io.liveguard.platform.web.ApiException.conflict("sessions-read-only");
    }
    Object self = self(kind, key);
    Map<String, String> current = current(kind, self);
    Map<String, Long> refs = references(kind, self);
    if (!refs.isEmpty()) {
      throw inUse(kind, key, refs);
    }
    String table =
        switch (kind) {
          case JURISDICTIONS -> "jurisdiction WHERE code = ?";
          case PLATFORMS -> "platform WHERE code = ?";
          case ENTERPRISES -> "enterprise WHERE id = ?";
          case MCN_AGENCIES -> "mcn_agency WHERE id = ?";
          case STREAMERS -> "streamer WHERE id = ?";
          case ROOMS -> "room WHERE id = ?";
          case LISTINGS -> "listing WHERE id = ?";
          case BRANDS -> "brand WHERE id = ?";
          case SESSIONS -> throw new IllegalStateException();
        };
    try {
      if (kind == RegistryKind.STREAMERS) {
        jdbc.sql("DELETE FROM streamer_account WHERE streamer_id = ?").param(self).update();
      }
      if (kind == RegistryKind.BRANDS) {
        jdbc.sql("DELETE FROM brand_seller WHERE brand_id = ?").param(self).update();
      }
      jdbc.sql("DELETE FROM " + table).param(self).update();
    } catch (org.springframework.dao.DataIntegrityViolationException e) {
      // A table this registry does not know about (another feature's) still refers to it.
      throw inUse(kind, key, Map.of("other", 1L));
    }
    Map<String, Object> detail = new java.util.TreeMap<>();
    detail.put(
        "deleted", current.toString().length() <= 4000 ? current : identityOf(kind, current));
    audit.append(actor, "registry.deleted", "registry:" + kind.path() + ":" + key, detail);
    events.publishEvent(new Changed(kind));
    return current;
  }

  private static Map<String, String> identityOf(RegistryKind kind, Map<String, String> row) {
    Map<String, String> m = new java.util.TreeMap<>();
    for (String f : identity(kind)) {
      if (row.get(f) != null) {
        m.put(f, row.get(f));
      }
    }
    m.put("name", row.getOrDefault("name", row.getOrDefault("title", "")));
    return m;
  }

  private static io.liveguard.platform.web.ApiException inUse(
      RegistryKind kind, String key, Map<String, Long> refs) {
    return new io.liveguard.platform.web.ApiException(
        org.springframework.http.HttpStatus.CONFLICT,
        "subject-in-use",
        Map.of("references", refs),
        kind.path() + "/" + key,
        refs.toString());
  }

  /** The subject's key: a code for jurisdictions and platforms, the numeric id otherwise. */
  private Object self(RegistryKind kind, String key) {
    if (kind == RegistryKind.JURISDICTIONS || kind == RegistryKind.PLATFORMS) {
      return key;
    }
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw io.liveguard.platform.web.ApiException.notFound(kind.path(), key);
    }
  }

  /** The subject as import columns (what a PUT body holds), or 404. */
  Map<String, String> current(RegistryKind kind, Object self) {
    String sql =
        switch (kind) {
          case JURISDICTIONS ->
              "SELECT code, name, tier, parent_code AS parent FROM jurisdiction WHERE code = ?";
          case PLATFORMS -> "SELECT code, name FROM platform WHERE code = ?";
          case ENTERPRISES ->
              "SELECT uscc, name, jurisdiction_code AS jurisdiction FROM enterprise WHERE id = ?";
          case MCN_AGENCIES ->
              "SELECT e.uscc, m.name FROM mcn_agency m JOIN enterprise e ON e.id = m.enterprise_id"
                  + " WHERE m.id = ?";
          case STREAMERS ->
              "SELECT s.name, e.uscc AS mcn, (SELECT STRING_AGG(a.platform || ':' || a.account,"
                  + " ';' ORDER BY a.platform, a.account) FROM streamer_account a WHERE"
                  + " a.streamer_id = s.id) AS accounts FROM streamer s LEFT JOIN mcn_agency m ON"
                  + " m.id = s.mcn_id LEFT JOIN enterprise e ON e.id = m.enterprise_id WHERE s.id"
                  + " = ?";
          case ROOMS ->
              "SELECT r.platform, r.external_id AS room, r.name, e.uscc AS enterprise,"
                  + " r.jurisdiction_code AS jurisdiction, (SELECT MIN(a.platform || ':' ||"
                  + " a.account) FROM streamer_account a WHERE a.streamer_id = r.streamer_id AND"
                  + " a.platform = r.platform) AS streamer FROM room r LEFT JOIN enterprise e ON"
                  + " e.id = r.enterprise_id WHERE r.id = ?";
          case LISTINGS ->
              "SELECT r.platform, r.external_id AS room, l.external_id AS listing, l.title,"
                  + " l.product_category AS category, b.name AS brand, l.price, l.attributes FROM"
                  + " listing l JOIN room r ON r.id = l.room_id LEFT JOIN brand b ON b.id ="
                  + " l.brand_id WHERE l.id = ?";
          case BRANDS ->
              "SELECT b.name, b.name_en, b.aliases, (SELECT STRING_AGG(e.uscc, ';' ORDER BY"
                  + " e.uscc) FROM brand_seller s JOIN enterprise e ON e.id = s.enterprise_id WHERE"
                  + " s.brand_id = b.id) AS sellers, (SELECT MAX(s.valid_until) FROM brand_seller s"
                  + " WHERE s.brand_id = b.id) AS authorised_until FROM brand b WHERE b.id = ?";
          case SESSIONS -> throw new IllegalStateException("sessions are not edited");
        };
    List<Map<String, Object>> rows = jdbc.sql(sql).param(self).query().listOfRows();
    if (rows.isEmpty()) {
      throw io.liveguard.platform.web.ApiException.notFound(kind.path(), self);
    }
    Map<String, String> m = new java.util.LinkedHashMap<>();
    rows.get(0)
        .forEach(
            (k, v) ->
                m.put(
                    k.toLowerCase(java.util.Locale.ROOT),
                    v == null
                        ? null
                        : v instanceof BigDecimal d ? d.toPlainString() : v.toString()));
    return m;
  }

  /** Who refers to the subject: table → number of rows, only the non-zero ones. */
  Map<String, Long> references(RegistryKind kind, Object self) {
    Map<String, String> checks = new java.util.LinkedHashMap<>();
    switch (kind) {
      case JURISDICTIONS -> {
        checks.put("jurisdictions", "SELECT COUNT(*) FROM jurisdiction WHERE parent_code = ?");
        checks.put("enterprises", "SELECT COUNT(*) FROM enterprise WHERE jurisdiction_code = ?");
        checks.put("rooms", "SELECT COUNT(*) FROM room WHERE jurisdiction_code = ?");
        checks.put("users", "SELECT COUNT(*) FROM app_user WHERE jurisdiction_code = ?");
        checks.put("leads", "SELECT COUNT(*) FROM lead WHERE jurisdiction_code = ?");
      }
      case PLATFORMS -> {
        checks.put("rooms", "SELECT COUNT(*) FROM room WHERE platform = ?");
        checks.put("streamer_accounts", "SELECT COUNT(*) FROM streamer_account WHERE platform = ?");
        checks.put("leads", "SELECT COUNT(*) FROM lead WHERE platform = ?");
      }
      case ENTERPRISES -> {
        checks.put("mcn_agencies", "SELECT COUNT(*) FROM mcn_agency WHERE enterprise_id = ?");
        checks.put("rooms", "SELECT COUNT(*) FROM room WHERE enterprise_id = ?");
        checks.put("brands", "SELECT COUNT(*) FROM brand_seller WHERE enterprise_id = ?");
        checks.put("users", "SELECT COUNT(*) FROM app_user WHERE enterprise_id = ?");
        checks.put("leads", "SELECT COUNT(*) FROM lead WHERE enterprise_id = ?");
      }
      case MCN_AGENCIES ->
          checks.put("streamers", "SELECT COUNT(*) FROM streamer WHERE mcn_id = ?");
      case STREAMERS -> checks.put("rooms", "SELECT COUNT(*) FROM room WHERE streamer_id = ?");
      case ROOMS -> {
        checks.put("listings", "SELECT COUNT(*) FROM listing WHERE room_id = ?");
        checks.put("sessions", "SELECT COUNT(*) FROM live_session WHERE room_id = ?");
        checks.put("leads", "SELECT COUNT(*) FROM lead WHERE room_id = ?");
        checks.put(
            "monitoring_tasks", "SELECT COUNT(*) FROM monitoring_task_room WHERE room_id = ?");
      }
      case BRANDS -> checks.put("listings", "SELECT COUNT(*) FROM listing WHERE brand_id = ?");
      case LISTINGS, SESSIONS -> {}
    }
    Map<String, Long> refs = new java.util.LinkedHashMap<>();
    checks.forEach(
        (what, sql) -> {
          long n = jdbc.sql(sql).param(self).query(Long.class).single();
          if (n > 0) {
            refs.put(what, n);
          }
        });
    return refs;
  }

  /** One row being validated; collects its errors. */
  private final class Row {
    final int number;
    final Map<String, String> values;
    final List<RowError> errors;
    // The subject being updated (its code or id), or null when the row creates one.
    final Object self;
    boolean failed;

    Row(int number, Map<String, String> values, List<RowError> errors) {
      this(number, values, errors, null);
    }

    Row(int number, Map<String, String> values, List<RowError> errors, Object self) {
      this.number = number;
      this.values = values;
      this.errors = errors;
      this.self = self;
    }

    /** The id of the subject being updated, or -1 when the row creates one. */
    long selfId() {
      return self == null ? -1L : (Long) self;
    }

    String optional(String field, int max) {
      String v = values.get(field);
      if (v == null || v.isBlank()) {
        return null;
      }
      v = v.strip();
      if (v.length() > max) {
        error(field, "too-long", field, max);
        return null;
      }
      if (v.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
        error(field, "control-character", field);
        return null;
      }
      return v;
    }

    String required(String field, int max) {
      String v = values.get(field);
      if (v == null || v.isBlank()) {
        error(field, "required", field);
        return null;
      }
      return optional(field, max);
    }

    String matching(String field, Pattern p, boolean required) {
      String v = required ? required(field, 200) : optional(field, 200);
      if (v != null && !p.matcher(v).matches()) {
        error(field, "bad-format-" + field, v);
        return null;
      }
      return v;
    }

    void error(String field, String code, Object... args) {
      failed = true;
      errors.add(new RowError(number, field, code, problems.message("registry." + code, args)));
    }
  }

  /**
   * Registers a session (场次) from its boundary events: creates it (and an unregistered room when
   * the room is unknown) on the first event, records the start or end instant.
   */
  public void sessionEvent(
      String platform, String room, String session, boolean started, OffsetDateTime at) {
    Long roomId =
        id("SELECT id FROM room WHERE platform = ? AND external_id = ?", platform, room)
            .orElseGet(
                () -> {
                  jdbc.sql(
                          "INSERT INTO room (platform, external_id, registered) VALUES (?, ?,"
                              + " FALSE)")
                      .params(platform, room)
                      .update();
                  return id(
                          "SELECT id FROM room WHERE platform = ? AND external_id = ?",
                          platform,
                          room)
                      .orElseThrow();
                });
    if (!exists(
        "SELECT COUNT(*) FROM live_session WHERE room_id = ? AND external_id = ?",
        roomId,
        session)) {
      jdbc.sql("INSERT INTO live_session (room_id, external_id) VALUES (?, ?)")
          .params(roomId, session)
          .update();
    }
    // session_started reopens a session closed for silence (SessionReaper); session_ended is the
    // stream's own word on the end and replaces a silent close.
    jdbc.sql(
            started
                ? "UPDATE live_session SET started_at = ?, ended_at = CASE WHEN end_reason ="
                    + " 'silent' THEN NULL ELSE ended_at END, closed_at = CASE WHEN end_reason ="
                    + " 'silent' THEN NULL ELSE closed_at END, end_reason = NULL WHERE room_id = ?"
                    + " AND external_id = ?"
                : "UPDATE live_session SET ended_at = ?, end_reason = NULL, closed_at = NULL"
                    + " WHERE room_id = ? AND external_id = ?")
        .params(at, roomId, session)
        .update();
  }

  private boolean exists(String sql, Object... params) {
    return jdbc.sql(sql).params(params).query(Long.class).single() > 0;
  }

  private Optional<Long> id(String sql, Object... params) {
    return jdbc.sql(sql).params(params).query(Long.class).optional();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private void jurisdiction(Row r) {
    String code = r.matching("code", JURISDICTION_CODE, true);
    String name = r.required("name", 100);
    String tier = r.required("tier", 10);
    String parent = r.matching("parent", JURISDICTION_CODE, false);
    if (tier != null && !TIERS.contains(tier)) {
      r.error("tier", "bad-tier", tier);
      tier = null;
    }
    String path = null;
    if (tier != null) {
      if (tier.equals("province")) {
        if (parent != null) {
          r.error("parent", "province-has-parent");
        }
        path = "/" + code + "/";
      } else if (parent == null) {
        r.error("parent", "required", "parent");
      } else {
        var p =
            jdbc.sql("SELECT tier, path FROM jurisdiction WHERE code = ?")
                .param(parent)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .optional();
        String expected = tier.equals("city") ? "province" : "city";
        if (p.isEmpty()) {
          r.error("parent", "unknown-jurisdiction", parent);
        } else if (!p.get()[0].equals(expected)) {
          r.error("parent", "parent-tier", parent, expected);
        } else {
          path = p.get()[1] + code + "/";
        }
      }
    }
    if (r.self == null
        && code != null
        && exists("SELECT COUNT(*) FROM jurisdiction WHERE code = ?", code)) {
      r.error("code", "duplicate", code);
    }
    if (r.failed) {
      return;
    }
    if (r.self != null) {
      jdbc.sql("UPDATE jurisdiction SET name = ? WHERE code = ?").params(name, code).update();
      return;
    }
    jdbc.sql(
            "INSERT INTO jurisdiction (code, name, tier, parent_code, path) VALUES (?, ?, ?, ?, ?)")
        .params(code, name, tier, parent, path)
        .update();
  }

  private void platform(Row r) {
    String code = r.matching("code", PLATFORM_CODE, true);
    String name = r.required("name", 100);
    if (r.self == null
        && code != null
        && exists("SELECT COUNT(*) FROM platform WHERE code = ?", code)) {
      r.error("code", "duplicate", code);
    }
    if (r.failed) {
      return;
    }
    if (r.self != null) {
      jdbc.sql("UPDATE platform SET name = ? WHERE code = ?").params(name, code).update();
      return;
    }
    jdbc.sql("INSERT INTO platform (code, name) VALUES (?, ?)").params(code, name).update();
  }

  private String jurisdictionRef(Row r, String field, boolean required) {
    String code = r.matching(field, JURISDICTION_CODE, required);
    if (code != null && !exists("SELECT COUNT(*) FROM jurisdiction WHERE code = ?", code)) {
      r.error(field, "unknown-jurisdiction", code);
      return null;
    }
    return code;
  }

  private String uscc(Row r, String field, boolean required) {
    String v = required ? r.required(field, 18 + 10) : r.optional(field, 18 + 10);
    if (v == null) {
      return null;
    }
    Uscc.Problem p = Uscc.check(v);
    if (p != null) {
      r.error(field, "uscc-" + p.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), v);
      return null;
    }
    return v;
  }

  private Long enterpriseRef(Row r, String field, boolean required) {
    String code = uscc(r, field, required);
    if (code == null) {
      return null;
    }
    Optional<Long> id = id("SELECT id FROM enterprise WHERE uscc = ?", code);
    if (id.isEmpty()) {
      r.error(field, "unknown-enterprise", code);
      return null;
    }
    return id.get();
  }

  private void enterprise(Row r) {
    String code = uscc(r, "uscc", true);
    String name = r.required("name", 200);
    String jurisdiction = jurisdictionRef(r, "jurisdiction", false);
    if (r.self == null
        && code != null
        && exists("SELECT COUNT(*) FROM enterprise WHERE uscc = ?", code)) {
      r.error("uscc", "duplicate", code);
    }
    if (r.failed) {
      return;
    }
    if (r.self != null) {
      jdbc.sql("UPDATE enterprise SET name = ?, jurisdiction_code = ? WHERE id = ?")
          .params(name, jurisdiction, r.self)
          .update();
      return;
    }
    jdbc.sql(
            "INSERT INTO enterprise (uscc, name, jurisdiction_code, created_at) VALUES (?, ?, ?,"
                + " ?)")
        .params(code, name, jurisdiction, now())
        .update();
  }

  private void mcn(Row r) {
    Long enterprise = enterpriseRef(r, "uscc", true);
    String name = r.required("name", 200);
    if (r.self == null
        && enterprise != null
        && exists("SELECT COUNT(*) FROM mcn_agency WHERE enterprise_id = ?", enterprise)) {
      r.error("uscc", "duplicate", r.values.get("uscc"));
    }
    if (r.failed) {
      return;
    }
    if (r.self != null) {
      jdbc.sql("UPDATE mcn_agency SET name = ? WHERE id = ?").params(name, r.self).update();
      return;
    }
    jdbc.sql("INSERT INTO mcn_agency (enterprise_id, name) VALUES (?, ?)")
        .params(enterprise, name)
        .update();
  }

  private String platformRef(Row r, String field, String value) {
    if (value == null) {
      return null;
    }
    if (!PLATFORM_CODE.matcher(value).matches()
        || !exists("SELECT COUNT(*) FROM platform WHERE code = ?", value)) {
      r.error(field, "unknown-platform", value);
      return null;
    }
    return value;
  }

  private void streamer(Row r) {
    String name = r.required("name", 100);
    Long mcn = null;
    Long mcnEnterprise = enterpriseRef(r, "mcn", false);
    if (mcnEnterprise != null) {
      mcn = id("SELECT id FROM mcn_agency WHERE enterprise_id = ?", mcnEnterprise).orElse(null);
      if (mcn == null) {
        r.error("mcn", "not-an-mcn", r.values.get("mcn"));
      }
    }
    String accounts = r.required("accounts", 2000);
    List<String[]> parsed = new ArrayList<>();
    if (accounts != null) {
      for (String a : accounts.split(";")) {
        String[] pa = a.strip().split(":", 2);
        if (pa.length != 2 || !EXTERNAL_ID.matcher(pa[1]).matches()) {
          r.error("accounts", "bad-account", a.strip());
          continue;
        }
        if (platformRef(r, "accounts", pa[0]) == null) {
          continue;
        }
        if (exists(
            "SELECT COUNT(*) FROM streamer_account WHERE platform = ? AND account = ? AND"
                + " streamer_id <> ?",
            pa[0],
            pa[1],
            r.selfId())) {
          r.error("accounts", "duplicate", a.strip());
          continue;
        }
        parsed.add(pa);
      }
    }
    if (r.failed) {
      return;
    }
    long id;
    if (r.self != null) {
      id = r.selfId();
      jdbc.sql("UPDATE streamer SET name = ?, mcn_id = ? WHERE id = ?")
          .params(name, mcn, id)
          .update();
      jdbc.sql("DELETE FROM streamer_account WHERE streamer_id = ?").param(id).update();
    } else {
      var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
      jdbc.sql("INSERT INTO streamer (name, mcn_id) VALUES (?, ?)")
          .params(name, mcn)
          .update(key, "id");
      id = key.getKey().longValue();
    }
    for (String[] pa : parsed) {
      jdbc.sql("INSERT INTO streamer_account (streamer_id, platform, account) VALUES (?, ?, ?)")
          .params(id, pa[0], pa[1])
          .update();
    }
  }

  private void room(Row r) {
    String platform = platformRef(r, "platform", r.required("platform", 32));
    String room = r.matching("room", EXTERNAL_ID, true);
    String name = r.optional("name", 200);
    Long enterprise = enterpriseRef(r, "enterprise", false);
    String jurisdiction = jurisdictionRef(r, "jurisdiction", true);
    Long streamer = null;
    String account = r.optional("streamer", 200);
    if (account != null) {
      String[] pa = account.split(":", 2);
      streamer =
          pa.length == 2
              ? id(
                      "SELECT streamer_id FROM streamer_account WHERE platform = ? AND account = ?",
                      pa[0],
                      pa[1])
                  .orElse(null)
              : null;
      if (streamer == null) {
        r.error("streamer", "unknown-account", account);
      }
    }
    if (r.failed) {
      return;
    }
    Optional<Long> existing =
        r.self != null
            ? Optional.of(r.selfId())
            : id("SELECT id FROM room WHERE platform = ? AND external_id = ?", platform, room);
    if (existing.isPresent()) {
      // A room first seen through ingest is registered by the import; a registered one is a dup.
      if (r.self == null
          && exists("SELECT COUNT(*) FROM room WHERE id = ? AND registered", existing.get())) {
        r.error("room", "duplicate", platform + ":" + room);
        return;
      }
      jdbc.sql(
              "UPDATE room SET name = ?, enterprise_id = ?, streamer_id = ?, jurisdiction_code = ?,"
                  + " registered = TRUE WHERE id = ?")
          .params(name, enterprise, streamer, jurisdiction, existing.get())
          .update();
      return;
    }
    jdbc.sql(
            "INSERT INTO room (platform, external_id, name, enterprise_id, streamer_id,"
                + " jurisdiction_code, registered) VALUES (?, ?, ?, ?, ?, ?, TRUE)")
        .params(platform, room, name, enterprise, streamer, jurisdiction)
        .update();
  }

  private void listing(Row r) {
    String platform = platformRef(r, "platform", r.required("platform", 32));
    String room = r.matching("room", EXTERNAL_ID, true);
    String listing = r.matching("listing", EXTERNAL_ID, true);
    String title = r.required("title", 500);
    String category = r.optional("category", 32);
    Long brand = null;
    String brandName = r.optional("brand", 100);
    if (brandName != null) {
      brand = id("SELECT id FROM brand WHERE name = ?", brandName).orElse(null);
      if (brand == null) {
        r.error("brand", "unknown-brand", brandName);
      }
    }
    BigDecimal price = null;
    String p = r.optional("price", 20);
    if (p != null) {
      try {
        price = new BigDecimal(p);
        if (price.signum() < 0 || price.scale() > 2 || price.precision() - price.scale() > 12) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        r.error("price", "bad-price", p);
      }
    }
    String attributes = r.optional("attributes", 8000);
    if (attributes != null) {
      try {
        if (!json.readTree(attributes).isObject()) {
          r.error("attributes", "bad-attributes");
        }
      } catch (JacksonException e) {
        r.error("attributes", "bad-attributes");
      }
    }
    Long roomId = null;
    if (platform != null && room != null) {
      roomId =
          id("SELECT id FROM room WHERE platform = ? AND external_id = ?", platform, room)
              .orElse(null);
      if (roomId == null) {
        r.error("room", "unknown-room", platform + ":" + room);
      } else if (r.self == null
          && listing != null
          && exists(
              "SELECT COUNT(*) FROM listing WHERE room_id = ? AND external_id = ?",
              roomId,
              listing)) {
        r.error("listing", "duplicate", listing);
      }
    }
    if (r.failed) {
      return;
    }
    if (r.self != null) {
      jdbc.sql(
              "UPDATE listing SET title = ?, product_category = ?, brand_id = ?, price = ?,"
                  + " attributes = ? WHERE id = ?")
          .params(title, category, brand, price, attributes == null ? "{}" : attributes, r.self)
          .update();
      return;
    }
    jdbc.sql(
            "INSERT INTO listing (room_id, external_id, title, product_category, brand_id, price,"
                + " attributes) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(
            roomId, listing, title, category, brand, price, attributes == null ? "{}" : attributes)
        .update();
  }

  private void brand(Row r) {
    String name = r.required("name", 100);
    String nameEn = r.optional("name_en", 100);
    String aliases = r.optional("aliases", 1000);
    List<Long> sellers = new ArrayList<>();
    String s = r.optional("sellers", 4000);
    if (s != null) {
      for (String code : s.split(";")) {
        code = code.strip();
        Uscc.Problem p = Uscc.check(code);
        if (p != null) {
          r.error(
              "sellers",
              "uscc-" + p.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
              code);
          continue;
        }
        Optional<Long> id = id("SELECT id FROM enterprise WHERE uscc = ?", code);
        if (id.isEmpty()) {
          r.error("sellers", "unknown-enterprise", code);
        } else {
          sellers.add(id.get());
        }
      }
    }
    LocalDate until = null;
    String u = r.optional("authorised_until", 10);
    if (u != null) {
      try {
        until = LocalDate.parse(u);
      } catch (DateTimeParseException e) {
        r.error("authorised_until", "bad-date", u);
      }
    }
    if (name != null
        && exists("SELECT COUNT(*) FROM brand WHERE name = ? AND id <> ?", name, r.selfId())) {
      r.error("name", "duplicate", name);
    }
    if (r.failed) {
      return;
    }
    long id;
    if (r.self != null) {
      id = r.selfId();
      jdbc.sql("UPDATE brand SET name = ?, name_en = ?, aliases = ? WHERE id = ?")
          .params(name, nameEn, aliases == null ? "" : aliases, id)
          .update();
      jdbc.sql("DELETE FROM brand_seller WHERE brand_id = ?").param(id).update();
    } else {
      jdbc.sql("INSERT INTO brand (name, name_en, aliases) VALUES (?, ?, ?)")
          .params(name, nameEn, aliases == null ? "" : aliases)
          .update();
      id = id("SELECT id FROM brand WHERE name = ?", name).orElseThrow();
    }
    for (long seller : sellers.stream().distinct().toList()) {
      jdbc.sql("INSERT INTO brand_seller (brand_id, enterprise_id, valid_until) VALUES (?, ?, ?)")
          .params(id, seller, until)
          .update();
    }
  }
}
