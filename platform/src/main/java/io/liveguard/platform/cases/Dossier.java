package io.liveguard.platform.cases;

import io.liveguard.platform.evidence.EvidencePackages;
import io.liveguard.platform.review.ReviewDesk;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The case dossier (案卷) as a PDF: the subject, the lead and its disposal, every finding with the
 * original wording and the articles of law (with their text), every evidence item with its digests
 * and log proof (inclusion proof against a signed checkpoint), and the whole audit trail of the
 * case. Written with an embedded CJK font ({@code liveguard.dossier.font}, default Debian's
 * WenQuanYi Micro Hei), so the Chinese text extracts back from the file.
 */
@Component
class Dossier {
  /** Evidence items listed in full; a larger case lists the first ones and says how many more. */
  static final int MAX_EVIDENCE = 200;

  private final MessageSource messages;
  private final EvidencePackages packages;
  private final JsonMapper json;
  private final InstantSource clock;
  private final Path font;

  Dossier(
      MessageSource messages,
      EvidencePackages packages,
      JsonMapper json,
      InstantSource clock,
      @Value("${liveguard.dossier.font:/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}")
          String font) {
    this.messages = messages;
    this.packages = packages;
    this.json = json;
    this.clock = clock;
    this.font = Path.of(font);
  }

  private String m(Locale l, String key, Object... args) {
    return messages.getMessage(key, args, key, l);
  }

  byte[] render(
      String actor,
      ReviewDesk.LeadReview review,
      CaseFile.Subject subject,
      List<CaseFile.Step> timeline,
      long evidenceTotal,
      Locale l)
      throws Exception {
    var lead = review.lead();
    String id = Long.toString(lead.id());
    try (PdfWriter pdf =
        new PdfWriter(
            font,
            m(l, "cases.dossier.title", id),
            "LiveGuard · " + m(l, "cases.dossier.title", id))) {
      pdf.title(m(l, "cases.dossier.title", id));
      pdf.field(m(l, "cases.dossier.generated"), clock.instant().toString());

      pdf.heading(m(l, "cases.subject"));
      pdf.field(m(l, "cases.subject.platform"), join(subject.platformName(), subject.platform()));
      pdf.field(m(l, "cases.subject.room"), join(subject.roomName(), subject.room()));
      pdf.field(m(l, "cases.subject.enterprise"), join(subject.enterprise(), subject.uscc()));
      pdf.field(m(l, "cases.subject.streamer"), subject.streamer());
      pdf.field(m(l, "cases.subject.jurisdiction"), subject.jurisdiction());
      pdf.field(m(l, "cases.session"), lead.session());

      pdf.heading(m(l, "cases.lead"));
      pdf.field(m(l, "cases.status"), m(l, "lead.status." + lead.status()));
      pdf.field(m(l, "cases.severity"), m(l, "severity." + lead.severity()));
      pdf.field(m(l, "cases.family"), lead.family());
      pdf.field(m(l, "cases.firstSeen"), lead.firstSeen());
      pdf.field(m(l, "cases.lastSeen"), lead.lastSeen());
      pdf.field(m(l, "cases.assignee"), lead.assignee());
      if (lead.disposal() != null) {
        pdf.field(m(l, "cases.disposal"), m(l, "cases.disposal." + lead.disposal()));
      }
      if (lead.due() != null) {
        pdf.field(
            m(l, "cases.due"), lead.due() + (lead.overdue() ? " " + m(l, "cases.overdue") : ""));
      }
      if (lead.transferTo() != null) {
        pdf.field(m(l, "cases.transferTo"), m(l, "cases.transfer." + lead.transferTo()));
      }

      pdf.heading(m(l, "cases.findings"));
      int n = 0;
      for (ReviewDesk.FindingView f : review.findings()) {
        n++;
        pdf.subheading(
            n + ". " + f.ruleName() + " (" + f.rule() + ") · " + m(l, "severity." + f.severity()));
        pdf.field(m(l, "cases.finding.category"), f.categoryName());
        pdf.field(m(l, "cases.finding.channel"), m(l, "channel." + f.channel()));
        pdf.field(m(l, "cases.finding.matched"), f.matched());
        pdf.field(m(l, "cases.finding.occurrences"), Integer.toString(f.occurrences()));
        StringBuilder original = new StringBuilder();
        for (var s : f.segments()) {
          original.append(s.hit() ? "【" + s.text() + "】" : s.text());
        }
        pdf.field(m(l, "cases.finding.original"), original.toString());
        if (f.suggestion() != null) {
          pdf.field(m(l, "cases.finding.suggestion"), f.suggestion());
        }
        for (ReviewDesk.Article a : f.articles()) {
          pdf.field(m(l, "cases.finding.article"), a.citation());
          if (a.text() != null) {
            pdf.indented(a.text());
          }
        }
      }

      pdf.heading(m(l, "cases.evidence"));
      if (evidenceTotal > MAX_EVIDENCE) {
        pdf.paragraph(m(l, "cases.evidence.truncated", MAX_EVIDENCE, evidenceTotal));
      }
      for (EvidencePackages.Item item : packages.ofLead(lead.id(), MAX_EVIDENCE)) {
        JsonNode manifest = json.readTree(item.manifest());
        JsonNode finding = manifest.path("finding");
        pdf.subheading(
            m(l, "cases.evidence.item", Long.toString(item.id()))
                + " · "
                + finding.path("rule").asString("")
                + " · "
                + finding.path("matched").asString(""));
        pdf.field(m(l, "cases.evidence.event"), manifest.path("event_id").asString(""));
        pdf.field(m(l, "cases.evidence.at"), manifest.path("at").asString(""));
        pdf.field(m(l, "cases.evidence.manifest"), "SHA-256 " + item.sha256());
        for (JsonNode b : manifest.path("blobs")) {
          pdf.small(
              b.path("role").asString("")
                  + "  SHA-256 "
                  + b.path("sha256").asString("")
                  + "  "
                  + b.path("size").asLong(0)
                  + " B  "
                  + b.path("media_type").asString(""));
        }
        EvidencePackages.Verification v = packages.verify(item, actor);
        pdf.field(
            m(l, "cases.evidence.verification"),
            v.ok() ? m(l, "review.verified") : m(l, "review.notVerified"));
        try {
          EvidencePackages.Proof p = packages.proof(item);
          pdf.field(
              m(l, "cases.evidence.proof"),
              m(
                  l,
                  "cases.evidence.proofOf",
                  Long.toString(p.index()),
                  Long.toString(p.treeSize())));
          for (String h : p.hashes()) {
            pdf.small(h);
          }
          pdf.small(p.checkpoint());
        } catch (Exception e) {
          pdf.field(
              m(l, "cases.evidence.proof"), m(l, "cases.evidence.noProof") + " " + e.getMessage());
        }
      }

      pdf.heading(m(l, "cases.timeline"));
      for (CaseFile.Step s : timeline) {
        StringBuilder d = new StringBuilder();
        for (Map.Entry<String, String> e : s.detail()) {
          d.append(e.getKey()).append('=').append(e.getValue()).append("  ");
        }
        pdf.paragraph("#" + s.seq() + "  " + s.at() + "  " + s.actor() + "  " + s.label());
        if (d.length() > 0) {
          pdf.indented(d.toString().strip());
        }
        pdf.small("hash " + s.hash());
      }
      return pdf.finish();
    }
  }

  private static String join(String name, String id) {
    if (name == null) {
      return id;
    }
    return id == null ? name : name + "（" + id + "）";
  }
}
