package io.liveguard.platform.risk;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Complaints and reports: public intake and status, staff handling. */
@RestController
class ComplaintController {
  private final Complaints complaints;

  ComplaintController(Complaints complaints) {
    this.complaints = complaints;
  }

  record AttachmentBody(
      String name, @JsonProperty("media_type") String mediaType, String content) {}

  record ComplaintBody(
      String kind,
      String name,
      String contact,
      String platform,
      String room,
      String session,
      String listing,
      String what,
      String quote,
      @JsonProperty("occurred_at") String occurredAt,
      List<AttachmentBody> attachments) {}

  @PostMapping(value = "/api/v1/complaints", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Complaints.Receipt> file(
      @AuthenticationPrincipal Actor actor, @RequestBody ComplaintBody b) {
    List<Complaints.Attachment> as = new ArrayList<>();
    if (b.attachments() != null) {
      if (b.attachments().size() > Complaints.MAX_ATTACHMENTS) {
        throw ApiException.badRequest(
            "bad-parameter",
            "attachments",
            b.attachments().size() + " > " + Complaints.MAX_ATTACHMENTS);
      }
      for (AttachmentBody a : b.attachments()) {
        byte[] content;
        try {
          content = a.content() == null ? new byte[0] : Base64.getDecoder().decode(a.content());
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest("bad-parameter", "attachments.content", "not base64");
        }
        as.add(new Complaints.Attachment(a.name(), a.mediaType(), content));
      }
    }
    var r =
        complaints.file(
            new Complaints.Submission(
                b.kind(),
                b.name(),
                b.contact(),
                b.platform(),
                b.room(),
                b.session(),
                b.listing(),
                b.what(),
                b.quote(),
                b.occurredAt(),
                as),
            actor);
    return ResponseEntity.status(HttpStatus.CREATED).body(r);
  }

  @PostMapping(value = "/api/v1/complaints", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<Complaints.Receipt> fileForm(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String name,
      @RequestParam(required = false) String contact,
      @RequestParam(required = false) String platform,
      @RequestParam(required = false) String room,
      @RequestParam(required = false) String session,
      @RequestParam(required = false) String listing,
      @RequestParam(required = false) String what,
      @RequestParam(required = false) String quote,
      @RequestParam(name = "occurred_at", required = false) String occurredAt,
      @RequestPart(name = "attachments", required = false) List<MultipartFile> files) {
    return ResponseEntity.status(HttpStatus.CREATED)
        .body(
            complaints.file(
                new Complaints.Submission(
                    kind,
                    name,
                    contact,
                    platform,
                    room,
                    session,
                    listing,
                    what,
                    quote,
                    occurredAt,
                    attachments(files)),
                actor));
  }

  static List<Complaints.Attachment> attachments(List<MultipartFile> files) {
    List<Complaints.Attachment> as = new ArrayList<>();
    if (files == null) {
      return as;
    }
    if (files.size() > Complaints.MAX_ATTACHMENTS) {
      throw ApiException.badRequest(
          "bad-parameter", "attachments", files.size() + " > " + Complaints.MAX_ATTACHMENTS);
    }
    for (MultipartFile f : files) {
      if (f.isEmpty()) {
        continue;
      }
      if (f.getSize() > Complaints.MAX_ATTACHMENT_BYTES) {
        throw ApiException.badRequest(
            "bad-parameter", "attachments", f.getOriginalFilename() + " > 1 MiB");
      }
      try {
        as.add(
            new Complaints.Attachment(f.getOriginalFilename(), f.getContentType(), f.getBytes()));
      } catch (java.io.IOException e) {
        throw ApiException.badRequest("bad-parameter", "attachments", e.getMessage());
      }
    }
    return as;
  }

  record StatusQuery(String reference, String key) {}

  @PostMapping("/api/v1/complaints/status")
  Complaints.Status status(@RequestBody StatusQuery q) {
    return complaints
        .status(q.reference(), q.key())
        .orElseThrow(() -> ApiException.notFound("complaint", q.reference()));
  }

  @GetMapping("/api/v1/complaints/mine")
  List<Complaints.Status> mine(@AuthenticationPrincipal Actor actor) {
    return complaints.mine(actor);
  }

  @GetMapping("/api/v1/complaints")
  List<Complaints.View> list(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String status,
      @RequestParam(defaultValue = "200") int limit) {
    return complaints.list(actor, status, limit);
  }

  @GetMapping("/api/v1/complaints/{id}")
  Complaints.View get(@AuthenticationPrincipal Actor actor, @PathVariable long id) {
    return complaints.get(actor, id);
  }

  record Action(String action, String note) {}

  @PostMapping("/api/v1/complaints/{id}/actions")
  Complaints.View act(
      @AuthenticationPrincipal Actor actor, @PathVariable long id, @RequestBody Action a) {
    return complaints.act(actor, id, a.action(), a.note());
  }

  @GetMapping("/api/v1/complaints/{id}/attachments/{attachment}")
  ResponseEntity<byte[]> attachment(
      @AuthenticationPrincipal Actor actor, @PathVariable long id, @PathVariable long attachment) {
    var a = complaints.attachment(actor, id, attachment);
    return ResponseEntity.ok()
        // Served as a download, never rendered inline: a planted HTML or SVG cannot run here.
        .contentType(MediaType.APPLICATION_OCTET_STREAM)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename(a.name(), java.nio.charset.StandardCharsets.UTF_8)
                .build()
                .toString())
        .header("X-Content-Type-Options", "nosniff")
        .body(a.content());
  }
}
