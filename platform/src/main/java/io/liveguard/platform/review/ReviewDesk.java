package io.liveguard.platform.review;

import io.liveguard.detect.Detector;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.Law;
import io.liveguard.detect.rule.ModelRule;
import io.liveguard.detect.rule.ModelRules;
import io.liveguard.detect.rule.Rule;
import io.liveguard.detect.rule.StatuteText;
import io.liveguard.platform.evidence.EvidencePackages;
import io.liveguard.platform.lead.LeadStatus;
import io.liveguard.platform.lead.Leads;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.security.Role;
import io.liveguard.platform.web.Highlight;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a reviewer sees: the queue of leads by severity and age, and for one lead every finding with
 * its original wording (the matched span marked), the rule, the articles of law with their text
 * from the statute, the listing snapshot and price history the evidence fixed, any media slice, and
 * whether the evidence package verifies. Shared by the review desk and the case pages.
 */
@Service
public class ReviewDesk {
  /** Media types the console plays or shows from evidence blobs; anything else is not served. */
  public static final Set<String> PLAYABLE =
      Set.of(
          "audio/mpeg",
          "audio/wav",
          "audio/ogg",
          "audio/webm",
          "audio/mp4",
          "video/mp4",
          "video/webm",
          "video/ogg",
          "image/png",
          "image/jpeg");

  static final int CONTEXT_LINES = 3;

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Leads leads;
  private final EvidencePackages packages;
  private final Detector detector;
  private final InstantSource clock;
  private volatile ModelRules models;

  ReviewDesk(
      JdbcClient jdbc,
      JsonMapper json,
      Leads leads,
      EvidencePackages packages,
      Detector detector,
      InstantSource clock) {
    this.jdbc = jdbc;
    this.json = json;
    this.leads = leads;
    this.packages = packages;
    this.detector = detector;
    this.clock = clock;
  }

  /** A row of a lead list (queue or cases). */
  public record QueueRow(
      long id,
      String severity,
      String status,
      String platform,
      String room,
      String roomName,
      String jurisdiction,
      String family,
      String familyName,
      int findings,
      String firstMatched,
      List<Highlight.Segment> excerpt,
      String createdAt,
      String age,
      String disposal,
      String due,
      String assignee,
      boolean overdue) {}

  /**
   * Leads in the given statuses within the actor's jurisdiction, most severe first, then oldest
   * first.
   */
  public List<QueueRow> queue(
      Actor actor,
      List<LeadStatus> statuses,
      String platform,
      String room,
      Duration reviewSla,
      Locale locale,
      int limit) {
    if (actor.role() == Role.MERCHANT || statuses.isEmpty()) {
      return List.of();
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT l.id, l.severity, l.status, l.platform, l.room, r.name, j.name, l.family,"
                + " l.finding_count, l.created_at, l.disposal, l.due_date, u.username,"
                + " (SELECT f.body FROM finding f WHERE f.lead_id = l.id ORDER BY f.id LIMIT 1),"
                + " (SELECT e.body FROM finding f JOIN event e ON e.seq = f.event_seq WHERE"
                + " f.lead_id = l.id ORDER BY f.id LIMIT 1)"
                + " FROM lead l LEFT JOIN room r ON r.id = l.room_id LEFT JOIN jurisdiction j ON"
                + " j.code = l.jurisdiction_code LEFT JOIN app_user u ON u.id = l.assignee_id"
                + " WHERE l.status IN (");
    List<Object> params = new ArrayList<>();
    for (int i = 0; i < statuses.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
      params.add(statuses.get(i).id());
    }
    sql.append(")");
    if (actor.jurisdictionPath() != null) {
      sql.append(" AND l.jurisdiction_path LIKE ?");
      params.add(actor.jurisdictionPath() + "%");
    }
    if (platform != null) {
      sql.append(" AND l.platform = ?");
      params.add(platform);
    }
    if (room != null) {
      sql.append(" AND l.room = ?");
      params.add(room);
    }
    sql.append(" ORDER BY l.severity_rank DESC, l.created_at, l.id LIMIT ?");
    params.add(limit);
    Instant now = clock.instant();
    LocalDate today = now.atZone(Detector.CHINA).toLocalDate();
    return jdbc.sql(sql.toString())
        .params(params)
        .query(
            (rs, i) -> {
              LeadStatus status = LeadStatus.parse(rs.getString(3));
              Instant created = rs.getObject(10, OffsetDateTime.class).toInstant();
              LocalDate due = rs.getObject(12, LocalDate.class);
              String body = rs.getString(14);
              String event = rs.getString(15);
              JsonNode finding = body == null ? null : json.readTree(body);
              boolean overdue =
                  (status == LeadStatus.RECTIFYING && due != null && due.isBefore(today))
                      || ((status == LeadStatus.NEW || status == LeadStatus.IN_REVIEW)
                          && created.plus(reviewSla).isBefore(now));
              return new QueueRow(
                  rs.getLong(1),
                  rs.getString(2),
                  status.id(),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getString(8),
                  categoryName(rs.getString(8), locale),
                  rs.getInt(9),
                  finding == null ? null : text(finding, "matched"),
                  excerpt(event == null ? null : json.readTree(event), finding),
                  created.toString(),
                  age(Duration.between(created, now)),
                  rs.getString(11),
                  due == null ? null : due.toString(),
                  rs.getString(13),
                  overdue);
            })
        .list();
  }

  static final int EXCERPT_BEFORE = 60;
  static final int EXCERPT_AFTER = 100;

  /** The words around a lead's first finding in the event it was found in, the match marked. */
  static List<Highlight.Segment> excerpt(JsonNode event, JsonNode finding) {
    if (event == null || finding == null) {
      return List.of();
    }
    String text = text(event, "text");
    if (text == null) {
      text = text(event, "title");
    }
    if (text == null) {
      return List.of();
    }
    int b = finding.path("span").path(0).asInt(0);
    int e = finding.path("span").path(1).asInt(0);
    if (!Highlight.matches(text, b, e, text(finding, "matched"))) {
      return Highlight.of(
          text.length() > EXCERPT_AFTER ? text.substring(0, EXCERPT_AFTER) + "…" : text, List.of());
    }
    int from = Math.max(0, b - EXCERPT_BEFORE);
    int to = Math.min(text.length(), e + EXCERPT_AFTER);
    if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
      from--;
    }
    if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
      to++;
    }
    String window =
        (from > 0 ? "…" : "") + text.substring(from, to) + (to < text.length() ? "…" : "");
    int shift = (from > 0 ? 1 : 0) - from;
    return Highlight.of(window, List.of(new Highlight.Span(b + shift, e + shift)));
  }

  static String age(Duration d) {
    if (d.isNegative()) {
      return "0m";
    }
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    return d.toMinutes() + "m";
  }

  /** An article of law a finding cites, with its text from the statute when found. */
  public record Article(String citation, String law, String version, String text, String where) {}

  /** A listing field as the snapshot holds it. */
  public record Field(String name, String value) {}

  /** A price observation of the price history. */
  public record PricePoint(String at, String price, String source, String seller) {}

  /** A media blob of the evidence that the console can play or show. */
  public record Media(String kind, String mediaType, String href, String sha256) {}

  /** Evidence of a finding with its verification. */
  public record EvidenceView(
      long id,
      String manifestSha256,
      Long logIndex,
      String packageHref,
      boolean verified,
      List<EvidencePackages.Check> checks,
      List<Map<String, Object>> blobs) {}

  /** A context line of the session around a finding. */
  public record ContextLine(String type, String at, String text, boolean current) {}

  /** One finding group of a lead, everything a reviewer needs on one card. */
  public record FindingView(
      String rule,
      String ruleName,
      String category,
      String categoryName,
      String severity,
      String channel,
      String matched,
      String term,
      String suggestion,
      String rewrite,
      int occurrences,
      int begin,
      int end,
      String eventId,
      List<Highlight.Segment> segments,
      boolean spanMatches,
      List<ContextLine> before,
      List<ContextLine> after,
      List<Article> articles,
      List<Field> listing,
      List<PricePoint> prices,
      List<Media> media,
      String mediaRef,
      EvidenceView evidence,
      int evidenceCount,
      List<Long> otherEvidence,
      boolean crossCheck) {}

  /** The whole review page of a lead. */
  public record LeadReview(Leads.LeadView lead, String roomName, List<FindingView> findings) {}

  /** The review of a lead the actor may see; 404 problem otherwise (from {@link Leads#get}). */
  public LeadReview review(Actor actor, long id, Locale locale, boolean verify) {
    Leads.LeadView lead = leads.get(actor, id);
    String roomName =
        jdbc.sql("SELECT name FROM room WHERE platform = ? AND external_id = ?")
            .params(lead.platform(), lead.room())
            .query(String.class)
            .optional()
            .orElse(null);
    List<FindingView> out = new ArrayList<>();
    for (Map<String, Object> g : lead.findings()) {
      out.add(finding(actor.username(), lead, g, locale, verify));
    }
    return new LeadReview(lead, roomName, out);
  }

  @SuppressWarnings("unchecked")
  private FindingView finding(
      String viewer, Leads.LeadView lead, Map<String, Object> g, Locale locale, boolean verify) {
    String ruleId = str(g.get("rule"));
    String category = str(g.get("category"));
    String matched = str(g.get("matched"));
    JsonNode span = g.get("span") instanceof JsonNode n ? n : null;
    int begin = span == null ? 0 : span.path(0).asInt(0);
    int end = span == null ? 0 : span.path(1).asInt(0);
    List<String> events = (List<String>) g.getOrDefault("events", List.of());
    List<Map<String, Object>> evidence =
        (List<Map<String, Object>>) g.getOrDefault("evidence", List.of());
    String eventId = events.isEmpty() ? null : events.get(0);

    String ruleName = ruleName(ruleId, locale);

    // The original wording: the text the finding's offsets refer to, as the evidence fixed it.
    String text = null;
    List<Field> listing = List.of();
    List<PricePoint> prices = List.of();
    List<Media> media = new ArrayList<>();
    String mediaRef = null;
    EvidenceView ev = null;
    List<Long> others = new ArrayList<>();
    for (int i = 0; i < evidence.size(); i++) {
      long evidenceId = ((Number) evidence.get(i).get("id")).longValue();
      if (i > 0) {
        others.add(evidenceId);
        continue;
      }
      var item = packages.item(evidenceId).orElse(null);
      if (item == null) {
        continue;
      }
      JsonNode manifest = json.readTree(item.manifest());
      List<Map<String, Object>> blobs = new ArrayList<>();
      for (JsonNode b : manifest.path("blobs")) {
        String role = b.path("role").asString("");
        String sha = b.path("sha256").asString("");
        String type = b.path("media_type").asString("");
        blobs.add(
            Map.of("role", role, "sha256", sha, "size", b.path("size").asLong(0), "type", type));
        String base = type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (PLAYABLE.contains(base)) {
          media.add(
              new Media(
                  base.substring(0, base.indexOf('/')),
                  base,
                  "/evidence/" + evidenceId + "/media/" + sha,
                  sha));
          continue;
        }
        byte[] content = packages.blob(item, sha).orElse(null);
        if (content == null) {
          continue;
        }
        String s = new String(content, StandardCharsets.UTF_8);
        switch (role) {
          case "text" -> text = s;
          case "listing_snapshot" -> listing = listing(s);
          case "price_history" -> prices = prices(s);
          default -> {}
        }
      }
      if (manifest.hasNonNull("media")) {
        mediaRef = manifest.get("media").asString();
      }
      EvidencePackages.Verification v =
          verify ? packages.verify(item, viewer) : new EvidencePackages.Verification(List.of());
      ev =
          new EvidenceView(
              evidenceId,
              item.sha256(),
              item.logIndex(),
              "/api/v1/evidence/" + evidenceId + "/package",
              v.ok(),
              v.checks(),
              blobs);
    }
    if (text == null && eventId != null) {
      text = eventText(eventId);
    }
    boolean spanMatches = Highlight.matches(text, begin, end, matched);
    List<Highlight.Segment> segments =
        Highlight.of(text, spanMatches ? List.of(new Highlight.Span(begin, end)) : List.of());
    List<ContextLine> before = new ArrayList<>();
    List<ContextLine> after = new ArrayList<>();
    if (eventId != null) {
      context(lead, eventId, before, after);
    }
    List<Article> articles = new ArrayList<>();
    if (g.get("provisions") instanceof JsonNode ps) {
      for (JsonNode p : ps) {
        articles.add(article(p, lead));
      }
    }
    boolean crossCheck =
        (!listing.isEmpty() || !prices.isEmpty())
            && (crossCheckRule(ruleId) || isCrossCheck(category));
    return new FindingView(
        ruleId,
        ruleName,
        category,
        categoryName(category, locale),
        str(g.get("severity")),
        str(g.get("channel")),
        matched,
        str(g.get("term")),
        str(g.get("suggestion")),
        str(g.get("rewrite")),
        g.get("occurrences") instanceof Number n ? n.intValue() : 1,
        begin,
        end,
        eventId,
        segments,
        spanMatches,
        before,
        after,
        articles,
        listing,
        prices,
        media,
        mediaRef,
        ev,
        evidence.size(),
        others,
        crossCheck);
  }

  /** The blobs a manifest lists: {sha256, base media type}. */
  List<String[]> manifestBlobs(EvidencePackages.Item item) {
    List<String[]> out = new ArrayList<>();
    for (JsonNode b : json.readTree(item.manifest()).path("blobs")) {
      String type = b.path("media_type").asString("").split(";")[0].strip();
      out.add(new String[] {b.path("sha256").asString(""), type.toLowerCase(Locale.ROOT)});
    }
    return out;
  }

  static boolean isCrossCheck(String category) {
    return category != null
        && (category.equals("cross_check")
            || category.equals("price_fraud")
            || category.equals("counterfeit"));
  }

  private String eventText(String eventId) {
    return jdbc.sql("SELECT body FROM event WHERE event_id = ?")
        .param(eventId)
        .query(String.class)
        .optional()
        .map(b -> text(json.readTree(b), "text"))
        .orElse(null);
  }

  private void context(
      Leads.LeadView lead, String eventId, List<ContextLine> before, List<ContextLine> after) {
    Long seq =
        jdbc.sql("SELECT seq FROM event WHERE event_id = ?")
            .param(eventId)
            .query(Long.class)
            .optional()
            .orElse(null);
    if (seq == null) {
      return;
    }
    String q =
        "SELECT event_type, occurred_at, body FROM event WHERE platform = ? AND room = ? AND"
            + " session = ? AND event_type IN ('transcript', 'screen_text') AND seq %s ? ORDER BY"
            + " seq %s LIMIT ?";
    List<ContextLine> b =
        jdbc.sql(q.formatted("<", "DESC"))
            .params(lead.platform(), lead.room(), lead.session(), seq, CONTEXT_LINES)
            .query((rs, i) -> line(rs))
            .list();
    for (int i = b.size() - 1; i >= 0; i--) {
      before.add(b.get(i));
    }
    after.addAll(
        jdbc.sql(q.formatted(">", "ASC"))
            .params(lead.platform(), lead.room(), lead.session(), seq, CONTEXT_LINES)
            .query((rs, i) -> line(rs))
            .list());
  }

  private ContextLine line(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new ContextLine(
        rs.getString(1),
        rs.getObject(2, OffsetDateTime.class).toInstant().toString(),
        text(json.readTree(rs.getString(3)), "text"),
        false);
  }

  /** The article a provision cites, its text from the version of the statute in force. */
  Article article(JsonNode p, Leads.LeadView lead) {
    String law = p.path("law").asString("");
    String version = p.hasNonNull("version") ? p.get("version").asString() : null;
    int number = p.path("article").asInt(0);
    Integer paragraph = p.hasNonNull("paragraph") ? p.get("paragraph").asInt() : null;
    Integer item = p.hasNonNull("item") ? p.get("item").asInt() : null;
    String citation;
    try {
      citation =
          new io.liveguard.detect.Provision(law, version, number, paragraph, item).citation();
    } catch (IllegalArgumentException e) {
      citation = law + " " + number;
    }
    Law l = detector.catalogue().laws().get(law);
    String text = null;
    String where = null;
    if (l != null) {
      Law.Version v = null;
      if (version != null) {
        v = l.versions().stream().filter(x -> x.version().equals(version)).findFirst().orElse(null);
      }
      if (v == null) {
        LocalDate conduct =
            lead.firstSeen() == null
                ? LocalDate.now(clock.withZone(Detector.CHINA)) // unreachable for stored leads
                : Instant.parse(lead.firstSeen()).atZone(Detector.CHINA).toLocalDate();
        v = l.versionAt(conduct);
      }
      StatuteText.Article a = v.text().article(number);
      if (a != null) {
        text = a.text();
      }
      where = l.title() + (l.isVersioned() ? "（" + v.version() + "）" : "");
    }
    return new Article(citation, law, version, text, where);
  }

  private List<Field> listing(String s) {
    List<Field> out = new ArrayList<>();
    try {
      JsonNode n = json.readTree(s);
      for (String f :
          List.of("listing", "title", "price", "original_price", "category", "brand", "shop")) {
        String v = text(n, f);
        if (v != null) {
          out.add(new Field(f, v));
        }
      }
      for (var e : n.path("attributes").properties()) {
        out.add(new Field(e.getKey(), e.getValue().asString()));
      }
    } catch (RuntimeException e) {
      out.add(new Field("raw", s));
    }
    return out;
  }

  private List<PricePoint> prices(String s) {
    List<PricePoint> out = new ArrayList<>();
    try {
      for (JsonNode n : json.readTree(s)) {
        out.add(
            new PricePoint(text(n, "at"), text(n, "price"), text(n, "source"), text(n, "seller")));
      }
    } catch (RuntimeException e) {
      out.add(new PricePoint(null, s, null, null));
    }
    return out;
  }

  /** The name of a violation category in the locale, or its id. */
  public String categoryName(String id, Locale locale) {
    var c = id == null ? null : detector.catalogue().categories().get(id);
    if (c == null) {
      return id;
    }
    return locale.getLanguage().equals("en") ? c.en() : c.zh();
  }

  /** The name of a rule in the locale, or its id. */
  public String ruleName(String id, Locale locale) {
    Rule r = id == null ? null : detector.catalogue().rule(id);
    if (r != null) {
      return locale.getLanguage().equals("en") ? r.nameEn() : r.nameZh();
    }
    ModelRule m = id == null || models() == null ? null : models().rules().get(id);
    if (m != null) {
      return locale.getLanguage().equals("en") ? m.nameEn() : m.nameZh();
    }
    return id;
  }

  /** Whether a rule compares what was said with the listing or the price history. */
  boolean crossCheckRule(String id) {
    ModelRule m = id == null || models() == null ? null : models().rules().get(id);
    return m != null && !m.model().equals("pk");
  }

  private ModelRules models() {
    ModelRules m = models;
    if (m == null) {
      try {
        m = ModelRules.bundled(detector.catalogue());
      } catch (CatalogueException e) {
        // The analysis refuses to start with broken model rules; names then fall back to ids.
        return null;
      }
      models = m;
    }
    return m;
  }

  static String str(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof JsonNode n) {
      return n.isNull() ? null : n.isString() ? n.asString() : n.toString();
    }
    return o.toString();
  }

  static String text(JsonNode n, String field) {
    JsonNode v = n == null ? null : n.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }
}
