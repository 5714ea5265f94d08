package io.liveguard.platform.risk;

import io.liveguard.detect.Channel;
import io.liveguard.detect.Finding;
import io.liveguard.detect.Severity;
import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.event.Platform;
import io.liveguard.platform.audit.AuditTrail;
import io.liveguard.platform.ingest.Ingest;
import io.liveguard.platform.ingest.JsonlEvents;
import io.liveguard.platform.lead.LeadIntake;
import io.liveguard.platform.lead.RaisedFinding;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Complaints and reports (投诉举报): intake from anyone, linked to the registry's subjects, a lead of
 * their own when specific, status by reference number and access key for the complainant, handling
 * by staff (audited).
 *
 * <p>A complaint is <em>specific</em> when it names the platform, the room, the session, when it
 * happened and quotes what was said or shown. Its quote is then stored as a {@code transcript}
 * event with engine {@code complaint} (so the live analysis also runs the rules over it) and a
 * finding of rule {@code COMPLAINT} goes through the platform's {@link LeadIntake}, which opens the
 * lead (family {@code complaint}) of that session and fixes the evidence.
 */
@Service
public class Complaints {
  static final int MAX_ATTACHMENTS = 5;
  static final int MAX_ATTACHMENT_BYTES = 1024 * 1024;
  static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  static final Map<String, String> MEDIA_TYPES =
      Map.of(
          "image/jpeg", "jpeg",
          "image/png", "png",
          "application/pdf", "pdf",
          "text/plain", "text",
          "video/mp4", "mp4");
  static final ZoneId BJ = ZoneId.of("Asia/Shanghai");
  private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final InstantSource clock;
  private final Ingest ingest;
  private final LeadIntake intake;
  private final AuditTrail audit;
  private final SecureRandom random = new SecureRandom();

  Complaints(
      JdbcClient jdbc,
      TransactionTemplate tx,
      InstantSource clock,
      Ingest ingest,
      LeadIntake intake,
      AuditTrail audit) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.ingest = ingest;
    this.intake = intake;
    this.audit = audit;
  }

  /** An attachment as submitted. */
  public record Attachment(String name, String mediaType, byte[] content) {}

  /** A complaint as submitted (already size-checked by bean validation where it came by JSON). */
  public record Submission(
      String kind,
      String name,
      String contact,
      String platform,
      String room,
      String session,
      String listing,
      String what,
      String quote,
      String occurredAt,
      List<Attachment> attachments) {}

  /** What the complainant gets back once: the reference and the key to see its status. */
  public record Receipt(String reference, String accessKey, String status, boolean specific) {}

  /** What a complainant sees of their complaint. */
  public record Status(
      String reference,
      String kind,
      String status,
      boolean specific,
      Instant filedAt,
      Instant updatedAt,
      String note) {}

  /** What staff see. */
  public record View(
      long id,
      String reference,
      String kind,
      String status,
      boolean specific,
      String complainantName,
      String complainantContact,
      String platform,
      String room,
      Long roomId,
      String session,
      String listing,
      Long streamerId,
      Long enterpriseId,
      String what,
      String quote,
      Instant occurredAt,
      Instant filedAt,
      Instant updatedAt,
      String note,
      Long leadId,
      List<Map<String, Object>> attachments) {}

  /** Takes a complaint; {@code filer} is the signed-in user or {@code null} for the public. */
  public Receipt file(Submission s, Actor filer) {
    Map<String, String> errors = new LinkedHashMap<>();
    String kind = s.kind() == null || s.kind().isBlank() ? "complaint" : s.kind().trim();
    if (!kind.equals("complaint") && !kind.equals("report")) {
      errors.put("kind", "complaint or report");
    }
    String name = trim(s.name());
    String contact = trim(s.contact());
    String what = trim(s.what());
    String quote = trim(s.quote());
    require(errors, "name", name, 100);
    require(errors, "contact", contact, 100);
    require(errors, "what", what, 4000);
    if (quote != null && quote.length() > 2000) {
      errors.put("quote", "at most 2000 characters");
    }
    String platform = trim(s.platform());
    if (platform != null && Platform.byId(platform) == null) {
      errors.put("platform", "unknown platform \"" + platform + "\"");
    }
    for (String[] f :
        new String[][] {{"room", s.room()}, {"session", s.session()}, {"listing", s.listing()}}) {
      String v = trim(f[1]);
      if (v != null && !ID.matcher(v).matches()) {
        errors.put(f[0], "1–128 of A–Z a–z 0–9 . _ : -");
      }
    }
    Instant occurred = null;
    if (trim(s.occurredAt()) != null) {
      try {
        occurred = java.time.OffsetDateTime.parse(s.occurredAt().trim()).toInstant();
        if (occurred.isAfter(clock.instant().plus(Duration.ofMinutes(5)))) {
          errors.put("occurred_at", "is in the future");
        } else if (occurred.isBefore(Instant.parse("2000-01-01T00:00:00Z"))) {
          errors.put("occurred_at", "before 2000");
        }
      } catch (java.time.format.DateTimeParseException e) {
        errors.put(
            "occurred_at", "not an ISO-8601 instant with offset, e.g. 2026-03-01T20:15:00+08:00");
      }
    }
    List<Attachment> attachments = s.attachments() == null ? List.of() : s.attachments();
    if (attachments.size() > MAX_ATTACHMENTS) {
      errors.put("attachments", "at most " + MAX_ATTACHMENTS);
    }
    for (int i = 0; i < attachments.size(); i++) {
      String problem = checkAttachment(attachments.get(i));
      if (problem != null) {
        errors.put("attachments[" + i + "]", problem);
      }
    }
    if (!errors.isEmpty()) {
      List<Map<String, String>> list = new ArrayList<>();
      errors.forEach((f, m) -> list.add(Map.of("field", f, "message", m)));
      throw new ApiException(
          HttpStatus.BAD_REQUEST, "invalid-body", Map.of("errors", list), errors.size());
    }
    String room = trim(s.room());
    String session = trim(s.session());
    boolean specific =
        platform != null && room != null && session != null && occurred != null && quote != null;
    String reference = reference();
    String key = key();
    Long eventSeq = null;
    if (specific) {
      eventSeq = storeQuote(reference, platform, room, session, occurred, quote);
    }
    final Instant at = occurred;
    final Long seq = eventSeq;
    final String k = kind;
    tx.executeWithoutResult(
        st ->
            insert(
                reference,
                key,
                k,
                name,
                contact,
                s,
                platform,
                room,
                session,
                what,
                quote,
                at,
                specific,
                seq,
                filer,
                attachments));
    return new Receipt(reference, key, specific ? "lead_opened" : "received", specific);
  }

  private static String trim(String s) {
    if (s == null) {
      return null;
    }
    String t = s.strip();
    return t.isEmpty() ? null : t;
  }

  private static void require(Map<String, String> errors, String field, String v, int max) {
    if (v == null) {
      errors.put(field, "required");
    } else if (v.length() > max) {
      errors.put(field, "at most " + max + " characters");
    }
  }

  /** Checks type, size and magic bytes; returns what is wrong, or null. */
  static String checkAttachment(Attachment a) {
    if (a.content() == null || a.content().length == 0) {
      return "empty";
    }
    if (a.content().length > MAX_ATTACHMENT_BYTES) {
      return "larger than " + MAX_ATTACHMENT_BYTES + " bytes";
    }
    String type =
        a.mediaType() == null ? "" : a.mediaType().trim().toLowerCase(java.util.Locale.ROOT);
    String kind = MEDIA_TYPES.get(type);
    if (kind == null) {
      return "media type \"" + type + "\" not accepted (jpeg, png, pdf, plain text, mp4)";
    }
    byte[] b = a.content();
    boolean ok =
        switch (kind) {
          case "jpeg" -> b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8;
          case "png" ->
              b.length > 8 && b[0] == (byte) 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
          case "pdf" -> b.length > 4 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F';
          case "mp4" -> b.length > 11 && b[4] == 'f' && b[5] == 't' && b[6] == 'y' && b[7] == 'p';
          default -> isUtf8(b);
        };
    return ok ? null : "content is not " + type;
  }

  private static boolean isUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  /** A file name without directories or control characters (never used as a path). */
  static String safeName(String name) {
    if (name == null || name.isBlank()) {
      return "attachment";
    }
    String n = name.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").strip();
    if (n.isEmpty() || n.equals("..") || n.equals(".")) {
      return "attachment";
    }
    return n.length() > 200 ? n.substring(0, 200) : n;
  }

  private String reference() {
    String day = LocalDate.ofInstant(clock.instant(), BJ).format(DateTimeFormatter.BASIC_ISO_DATE);
    StringBuilder b = new StringBuilder("TS").append(day).append('-');
    for (int i = 0; i < 8; i++) {
      b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return b.toString();
  }

  private String key() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return b.toString();
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stores the quote as a transcript event through the ingest (its own transaction, in commit
   * order); returns its seq. Idempotent by the event id {@code complaint-REFERENCE}.
   */
  private long storeQuote(
      String reference, String platform, String room, String session, Instant at, String quote) {
    long startMs = 0;
    List<java.time.OffsetDateTime> started =
        jdbc.sql(
                "SELECT s.started_at FROM live_session s JOIN room r ON r.id = s.room_id WHERE"
                    + " r.platform = ? AND r.external_id = ? AND s.external_id = ? AND s.started_at"
                    + " IS NOT NULL")
            .params(platform, room, session)
            .query(java.time.OffsetDateTime.class)
            .list();
    if (!started.isEmpty()) {
      startMs = Math.max(0, Duration.between(started.get(0).toInstant(), at).toMillis());
    }
    String id = "complaint-" + reference;
    Event e =
        new Event(
            id,
            Platform.byId(platform),
            room,
            session,
            at,
            new Payload.Transcript(quote, startMs, startMs, null, "complaint"));
    ingest.store(JsonlEvents.parse(EventJson.write(e)), null);
    return jdbc.sql("SELECT seq FROM event WHERE event_id = ?")
        .param(id)
        .query(Long.class)
        .single();
  }

  private void insert(
      String reference,
      String key,
      String kind,
      String name,
      String contact,
      Submission s,
      String platform,
      String room,
      String session,
      String what,
      String quote,
      Instant occurred,
      boolean specific,
      Long eventSeq,
      Actor filer,
      List<Attachment> attachments) {
    Instant now = clock.instant();
    Long leadId = null;
    if (specific) {
      String text = quote + "\n\n" + what;
      Finding f =
          new Finding(
              "COMPLAINT",
              "complaint",
              Severity.WARNING,
              Channel.SPEECH,
              0,
              quote.length(),
              quote,
              null,
              List.of(),
              "投诉举报 "
                  + reference
                  + "："
                  + (what.length() > 200 ? what.substring(0, 200) + "…" : what),
              "",
              List.of());
      intake.accept(
          List.of(
              new RaisedFinding(
                  eventSeq,
                  "complaint-" + reference,
                  platform,
                  room,
                  session,
                  occurred,
                  f,
                  text,
                  null,
                  null,
                  null)));
      leadId =
          jdbc.sql("SELECT lead_id FROM finding WHERE event_seq = ? AND rule = 'COMPLAINT'")
              .param(eventSeq)
              .query(Long.class)
              .optional()
              .orElse(null);
    }
    Object[] subject = subjects(platform, room);
    var k = new GeneratedKeyHolder();
    jdbc.sql(
            "INSERT INTO complaint (reference, access_hash, kind, complainant_name,"
                + " complainant_contact, filed_by_user, platform, room, room_id, session, listing,"
                + " streamer_id, enterprise_id, what, quote, occurred_at, filed_at, is_specific,"
                + " status, lead_id, jurisdiction_path, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            reference,
            sha256(key),
            kind,
            name,
            contact,
            filer == null ? null : filer.id(),
            platform,
            room,
            subject[0],
            session,
            trim(s.listing()),
            subject[1],
            subject[2],
            what,
            quote,
            Sql.ts(occurred),
            Sql.ts(now),
            specific,
            specific ? "lead_opened" : "received",
            leadId,
            subject[3],
            Sql.ts(now))
        .update(k, "id");
    long id = k.getKey().longValue();
    for (Attachment a : attachments) {
      jdbc.sql(
              "INSERT INTO complaint_attachment (complaint_id, name, media_type, size, sha256,"
                  + " content) VALUES (?, ?, ?, ?, ?, ?)")
          .params(
              id,
              safeName(a.name()),
              a.mediaType().trim().toLowerCase(java.util.Locale.ROOT),
              a.content().length,
              sha256(a.content()),
              a.content())
          .update();
    }
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("reference", reference);
    detail.put("specific", specific);
    if (leadId != null) {
      detail.put("lead", leadId);
    }
    audit.append(
        filer == null ? "public" : filer.username(), "complaint.filed", "complaint:" + id, detail);
  }

  /** room id, streamer id, enterprise id, jurisdiction path of a named room (nulls if unknown). */
  private Object[] subjects(String platform, String room) {
    if (platform == null || room == null) {
      return new Object[4];
    }
    return jdbc.sql(
            "SELECT r.id, r.streamer_id, r.enterprise_id, j.path FROM room r LEFT JOIN jurisdiction"
                + " j ON j.code = r.jurisdiction_code WHERE r.platform = ? AND r.external_id = ?")
        .params(platform, room)
        .query(
            (rs, i) ->
                new Object[] {
                  rs.getLong(1),
                  rs.getObject(2) == null ? null : rs.getLong(2),
                  rs.getObject(3) == null ? null : rs.getLong(3),
                  rs.getString(4)
                })
        .optional()
        .orElse(new Object[4]);
  }

  /**
   * The complainant's view, only when the access key matches; a wrong key and an unknown reference
   * answer the same (no way to probe for references).
   */
  @Transactional(readOnly = true)
  public Optional<Status> status(String reference, String key) {
    if (reference == null || key == null || reference.length() > 24 || key.length() > 64) {
      return Optional.empty();
    }
    return jdbc
        .sql(
            "SELECT reference, kind, status, is_specific, filed_at, updated_at, status_note,"
                + " access_hash FROM complaint WHERE reference = ?")
        .param(reference.trim())
        .query(
            (rs, i) ->
                MessageDigest.isEqual(
                        rs.getString("access_hash").getBytes(StandardCharsets.US_ASCII),
                        sha256(key.trim()).getBytes(StandardCharsets.US_ASCII))
                    ? new Status(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getBoolean(4),
                        Sql.instant(rs, "filed_at"),
                        Sql.instant(rs, "updated_at"),
                        rs.getString(7))
                    : null)
        .list()
        .stream()
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  /** The complaints a signed-in user filed. */
  @Transactional(readOnly = true)
  public List<Status> mine(Actor actor) {
    return jdbc.sql(
            "SELECT reference, kind, status, is_specific, filed_at, updated_at, status_note FROM"
                + " complaint WHERE filed_by_user = ? ORDER BY id DESC LIMIT 500")
        .param(actor.id())
        .query(
            (rs, i) ->
                new Status(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getBoolean(4),
                    Sql.instant(rs, "filed_at"),
                    Sql.instant(rs, "updated_at"),
                    rs.getString(7)))
        .list();
  }

  /** Complaints staff may see (their jurisdiction; unlinked ones only for staff without one). */
  @Transactional(readOnly = true)
  public List<View> list(Actor actor, String status, int limit) {
    StringBuilder sql = new StringBuilder("SELECT * FROM complaint WHERE 1 = 1");
    List<Object> p = new ArrayList<>();
    if (actor.jurisdictionPath() != null) {
      sql.append(" AND jurisdiction_path LIKE ?");
      p.add(actor.jurisdictionPath() + "%");
    }
    if (status != null) {
      sql.append(" AND status = ?");
      p.add(status);
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    p.add(Math.max(1, Math.min(limit, 1000)));
    return jdbc.sql(sql.toString()).params(p).query((rs, i) -> view(rs)).list();
  }

  @Transactional(readOnly = true)
  public View get(Actor actor, long id) {
    return jdbc.sql("SELECT * FROM complaint WHERE id = ?")
        .param(id)
        .query((rs, i) -> view(rs))
        .optional()
        .filter(v -> actor.jurisdictionPath() == null || visible(actor, id))
        .orElseThrow(() -> ApiException.notFound("complaint", id));
  }

  private boolean visible(Actor actor, long id) {
    return jdbc.sql("SELECT COUNT(*) FROM complaint WHERE id = ? AND jurisdiction_path LIKE ?")
            .params(id, actor.jurisdictionPath() + "%")
            .query(Long.class)
            .single()
        > 0;
  }

  /** An attachment's name, media type and bytes. */
  @Transactional(readOnly = true)
  public Attachment attachment(Actor actor, long complaint, long attachment) {
    get(actor, complaint);
    return jdbc.sql(
            "SELECT name, media_type, content FROM complaint_attachment WHERE id = ? AND"
                + " complaint_id = ?")
        .params(attachment, complaint)
        .query((rs, i) -> new Attachment(rs.getString(1), rs.getString(2), rs.getBytes(3)))
        .optional()
        .orElseThrow(() -> ApiException.notFound("attachment", attachment));
  }

  /** Staff handling: {@code accept}, {@code reject} (reason required) or {@code close}. */
  @Transactional
  public View act(Actor actor, long id, String action, String note) {
    View v = get(actor, id);
    String to =
        switch (action == null ? "" : action) {
          case "accept" -> "accepted";
          case "reject" -> "rejected";
          case "close" -> "closed";
          default -> throw ApiException.badRequest("bad-parameter", "action", action);
        };
    boolean allowed =
        switch (to) {
          case "accepted" -> v.status().equals("received");
          case "rejected" -> v.status().equals("received") || v.status().equals("accepted");
          default -> !v.status().equals("closed") && !v.status().equals("rejected");
        };
    if (!allowed) {
      throw ApiException.conflict("complaint-transition", v.status(), action);
    }
    if (to.equals("rejected") && (note == null || note.isBlank())) {
      throw ApiException.badRequest("reason-required", action);
    }
    if (note != null && note.length() > 2000) {
      throw ApiException.badRequest("bad-parameter", "note", "> 2000");
    }
    jdbc.sql("UPDATE complaint SET status = ?, status_note = ?, updated_at = ? WHERE id = ?")
        .params(to, note, Sql.ts(clock.instant()), id)
        .update();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("from", v.status());
    detail.put("to", to);
    if (note != null && !note.isBlank()) {
      detail.put("note", note);
    }
    audit.append(actor.username(), "complaint." + action, "complaint:" + id, detail);
    return get(actor, id);
  }

  private View view(java.sql.ResultSet rs) throws java.sql.SQLException {
    long id = rs.getLong("id");
    List<Map<String, Object>> attachments =
        jdbc.sql(
                "SELECT id, name, media_type, size, sha256 FROM complaint_attachment WHERE"
                    + " complaint_id = ? ORDER BY id")
            .param(id)
            .query(
                (r, i) ->
                    Map.<String, Object>of(
                        "id", r.getLong(1),
                        "name", r.getString(2),
                        "media_type", r.getString(3),
                        "size", r.getLong(4),
                        "sha256", r.getString(5)))
            .list();
    return new View(
        id,
        rs.getString("reference"),
        rs.getString("kind"),
        rs.getString("status"),
        rs.getBoolean("is_specific"),
        rs.getString("complainant_name"),
        rs.getString("complainant_contact"),
        rs.getString("platform"),
        rs.getString("room"),
        (Long) (rs.getObject("room_id") == null ? null : rs.getLong("room_id")),
        rs.getString("session"),
        rs.getString("listing"),
        (Long) (rs.getObject("streamer_id") == null ? null : rs.getLong("streamer_id")),
        (Long) (rs.getObject("enterprise_id") == null ? null : rs.getLong("enterprise_id")),
        rs.getString("what"),
        rs.getString("quote"),
        Sql.instant(rs, "occurred_at"),
        Sql.instant(rs, "filed_at"),
        Sql.instant(rs, "updated_at"),
        rs.getString("status_note"),
        (Long) (rs.getObject("lead_id") == null ? null : rs.getLong("lead_id")),
        attachments);
  }
}
