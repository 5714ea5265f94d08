package io.liveguard.platform.console;

import static io.liveguard.platform.console.ConsoleFixture.XSS_IMG;
import static io.liveguard.platform.console.ConsoleFixture.XSS_SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.analysis.LiveAnalysis;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The monitoring wall, the review desk and the case pages over real HTTP: what each role sees,
 * escaping of hostile room text, the live feed, the audited loop through the console's forms, the
 * PDF dossier, and both languages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsolePagesIT extends PlatformIT {
  @Autowired LiveAnalysis analysis;
  @Autowired io.liveguard.platform.evidence.EvidenceSealer sealer;

  ConsoleFixture fx;
  Http analyst;
  Http officer;
  Http otherOfficer;
  Http leader;
  Http merchant;
  long leadId;

  @BeforeAll
  void setUp() {
    fx = new ConsoleFixture(admin(), port, "pages").subjects("91330108MA7WQX2P1");
    analyst = fx.user("analyst", null);
    officer = fx.user("officer", "330106");
    otherOfficer = fx.user("officer", "330108");
    leader = fx.user("leader", "330100");
    fx.session();
    fx.ingest(fx.hostileLine("4", "2026-11-20T20:01:00+08:00"));
    analysis.drain();
    var leads = analyst.get("/api/v1/leads?room=" + fx.room).json();
    assertThat(leads.size()).as(leads.toString()).isPositive();
    for (var l : leads) {
      if (l.get("family").asString().equals("absolute")) {
        leadId = l.get("id").asLong();
      }
    }
    assertThat(leadId).as(leads.toString()).isPositive();
  }

  static void assertEscaped(String html) {
    assertThat(html)
        .doesNotContain(XSS_SCRIPT)
        .doesNotContain("<img src=x")
        .doesNotContain("onerror=alert(1)>");
  }

  @Test
  void theWallShowsTheRoomItsListingAndTheTranscriptEscapedWithTheMatchMarked() {
    var page = analyst.get("/wall");
    assertThat(page.status()).isEqualTo(200);
    String html = page.body();
    assertThat(html)
        .contains("西湖好物pages直播间")
        .contains("¥199.00")
        .contains("西湖龙井&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("<mark class=\"hit\">全网最低价</mark>")
        .contains("直播中");
    assertEscaped(html);
    // Filters: another platform hides the room; the right category keeps it.
    assertThat(analyst.get("/wall?platform=taobao").body()).doesNotContain("西湖好物pages直播间");
    assertThat(analyst.get("/wall?category=food&jurisdiction=330106").body())
        .contains("西湖好物pages直播间");
    assertThat(analyst.get("/wall?category=cosmetics").body()).doesNotContain("西湖好物pages直播间");
    assertThat(analyst.get("/wall?risk=none").body()).doesNotContain("西湖好物pages直播间");
    assertThat(analyst.get("/wall?risk=notice").body()).contains("西湖好物pages直播间");
  }

  @Test
  void officersSeeOnlyTheirJurisdictionOnEveryPage() {
    assertThat(officer.get("/wall").body()).contains("西湖好物pages直播间");
    assertThat(leader.get("/wall").body()).contains("西湖好物pages直播间");
    String other = otherOfficer.get("/wall").body();
    assertThat(other).doesNotContain("西湖好物pages直播间").doesNotContain("全网最低价");
    assertThat(otherOfficer.get("/leads?status=all").body()).doesNotContain("西湖好物pages直播间");
    assertThat(otherOfficer.get("/leads/" + leadId).status()).isEqualTo(404);
    assertThat(otherOfficer.get("/cases/" + leadId).status()).isEqualTo(404);
    assertThat(otherOfficer.get("/cases/" + leadId + "/dossier.pdf").status()).isEqualTo(404);
    var refused =
        otherOfficer.send(
            "POST",
            "/leads/" + leadId + "/actions",
            "application/x-www-form-urlencoded",
            Http.formOf(Map.of("action", "review")),
            Map.of());
    assertThat(refused.status()).isEqualTo(404);
  }

  @Test
  void theLiveFeedSendsLinesAndFindingsAsTheyHappenWithinScope() throws Exception {
    String secret =
        admin()
            .post(
                "/api/v1/tokens", Map.of("name", "wall", "username", fx.username("analyst", null)))
            .json()
            .get("secret")
            .asString();
    String otherSecret =
        admin()
            .post(
                "/api/v1/tokens",
                Map.of("name", "wall", "username", fx.username("officer", "330108")))
            .json()
            .get("secret")
            .asString();
    long[] marks = marks();
    long after = marks[0];
    List<String> seen = new ArrayList<>();
    List<String> otherSeen = new ArrayList<>();
    var client = HttpClient.newHttpClient();
    var bodies = new java.util.concurrent.CopyOnWriteArrayList<java.io.InputStream>();
    var stream = open(client, secret, after, marks[1], seen, "finding", bodies);
    var otherStream = open(client, otherSecret, after, marks[1], otherSeen, null, bodies);
    Thread.sleep(500);
    fx.ingest(
        fx.event(
            "live-1",
            "transcript",
            "2026-11-20T20:02:00+08:00",
            ConsoleFixture.text("史上最好的茶叶" + XSS_SCRIPT) + ",\"start_ms\":70000,\"end_ms\":72000"));
    analysis.drain();
    stream.get(20, TimeUnit.SECONDS);
    String all = String.join("\n", seen);
    assertThat(all).contains("event:line").contains("event:finding").contains(fx.room);
    // JSON payloads: the page inserts them as text; markup stays inside a JSON string.
    assertThat(all).contains("\"matched\":\"史上最好\"");
    Thread.sleep(1000);
    for (var b : bodies) {
      b.close();
    }
    otherStream.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
    assertThat(String.join("\n", otherSeen)).doesNotContain(fx.room);
  }

  long[] marks() {
    var page = analyst.get("/wall").body();
    Matcher m =
        Pattern.compile("data-after=\"(\\d+)\" data-after-finding=\"(\\d+)\"").matcher(page);
    assertThat(m.find()).as(page).isTrue();
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
  }

  CompletableFuture<Void> open(
      HttpClient client,
      String token,
      long after,
      long afterFinding,
      List<String> into,
      String until,
      List<java.io.InputStream> bodies) {
    var req =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + "/wall/stream?after="
                        + after
                        + "&afterFinding="
                        + afterFinding))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "text/event-stream")
            .build();
    return CompletableFuture.runAsync(
        () -> {
          try {
            var res = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(res.statusCode()).isEqualTo(200);
            bodies.add(res.body());
            try (var in =
                new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
              String line;
              while ((line = in.readLine()) != null) {
                synchronized (into) {
                  into.add(line);
                }
                if (until != null && line.equals("event:" + until)) {
                  into.add(in.readLine());
                  return;
                }
              }
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void theReviewDeskMarksTheMatchCitesTheArticleAndVerifiesTheEvidence() {
    var page = analyst.get("/leads/" + leadId);
    assertThat(page.status()).isEqualTo(200);
    String html = page.body();
    assertEscaped(html);
    assertThat(html)
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;这款是<mark class=\"hit\">全网最低价</mark>")
        .contains("《广告法》第9条")
        .contains("第九条")
        .contains("证据已验证")
        .contains("清单包含于导出时检查点")
        .doesNotContain("证据验证未通过")
        .contains("/api/v1/evidence/")
        .contains("西湖龙井&quot;&gt;&lt;img")
        .contains("199.00");
    var queue = analyst.get("/leads?status=all").body();
    assertThat(queue).contains("/leads/" + leadId).contains("西湖好物pages直播间");
    assertEscaped(queue);
    assertThat(analyst.get("/leads/99999999").status()).isEqualTo(404);
    assertThat(analyst.get("/leads?status=bogus").status()).isEqualTo(400);
  }

  /** Posts an action form like a browser: the redirect is followed, the page returned. */
  String act(Http who, String action, Map<String, String> fields) {
    var form = new java.util.HashMap<>(fields);
    form.put("action", action);
    var r =
        who.send(
            "POST",
            "/leads/" + leadId + "/actions",
            "application/x-www-form-urlencoded",
            Http.formOf(form),
            Map.of());
    assertThat(r.status()).as(r.toString()).isEqualTo(302);
    String location = r.header("Location");
    assertThat(location).endsWith((fields.containsKey("then") ? "/cases/" : "/leads/") + leadId);
    return who.get(java.net.URI.create(location).getPath()).body();
  }

  @Test
  void theFormsRunTheAuditedLoopToCloseAndTheDossierCarriesIt() throws Exception {
    // Review with a refusal first: a dismissal needs a reason, shown on the page.
    assertThat(act(analyst, "review", Map.of())).contains("已开始复审");
    assertThat(act(analyst, "dismiss", Map.of())).contains("执行“dismiss”必须填写理由");
    String reason = "主播称“全网最低价”无依据" + XSS_IMG;
    assertThat(act(analyst, "confirm", Map.of("reason", reason))).contains("已确认违规");
    var casePage = leader.get("/cases/" + leadId).body();
    assertThat(casePage).contains("已确认").contains(fx.username("officer", "330106"));
    assertThat(casePage).doesNotContain(fx.username("officer", "330108"));
    assertEscaped(casePage);
    assertThat(
            act(
                leader,
                "assign",
                Map.of("officer", fx.username("officer", "330106"), "then", "cases")))
        .contains("已指派");
    // A past due date is refused with the bundle's message.
    assertThat(
            act(
                officer,
                "dispose",
                Map.of(
                    "disposal",
                    "rectification_order",
                    "due",
                    "2000-01-01",
                    "reason",
                    "x",
                    "then",
                    "cases")))
        .contains("整改期限 2000-01-01 已过");
    String due = LocalDate.now().plusDays(7).toString();
    assertThat(
            act(
                officer,
                "dispose",
                Map.of(
                    "disposal",
                    "rectification_order",
                    "due",
                    due,
                    "reason",
                    "责令删除违规话术",
                    "then",
                    "cases")))
        .contains("整改中")
        .contains(due);
    act(officer, "verify", Map.of("reason", "复查已整改", "then", "cases"));
    assertThat(act(officer, "close", Map.of("reason", "结案", "then", "cases"))).contains("已结案");
    String closed = officer.get("/cases/" + leadId).body();
    assertThat(closed)
        .contains("已结案")
        .contains("开始复审")
        .contains("确认违规")
        .contains("指派")
        .contains("核实整改")
        .contains("责令删除违规话术")
        .contains("主播称“全网最低价”无依据&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    assertEscaped(closed);
    assertThat(officer.get("/cases?status=closed").body()).contains("/cases/" + leadId);

    var pdf = officer.get("/cases/" + leadId + "/dossier.pdf");
    assertThat(pdf.status()).isEqualTo(200);
    assertThat(pdf.header("Content-Type")).isEqualTo("application/pdf");
    String text;
    try (var doc = Loader.loadPDF(pdf.bytes())) {
      text = new PDFTextStripper().getText(doc);
      assertThat(doc.getPage(0).getResources().getFontNames()).isNotEmpty();
    }
    assertThat(text.replaceAll("\\s+", ""))
        .contains("案卷·线索#" + leadId)
        .contains("西湖好物pages直播间")
        .contains("杭州pages电商有限公司")
        .contains("【全网最低价】")
        .contains("《广告法》第9条")
        .contains("第九条")
        .contains("证据已验证")
        .contains("责令删除违规话术")
        .contains("结案")
        .contains(XSS_SCRIPT);
    // The export itself is audited.
    assertThat(admin().get("/api/v1/leads/" + leadId + "/audit").body()).contains("case.dossier");
  }

  @Test
  void everyPageSpeaksChineseByDefaultAndEnglishOnRequest() {
    Http h = fx.user("analyst", "330100");
    for (String path :
        List.of("/wall", "/leads", "/leads/" + leadId, "/cases", "/cases/" + leadId)) {
      String zh = h.get(path).body();
      assertThat(zh).as(path).contains("lang=\"zh-CN\"").doesNotContain("??");
      String en = h.get(path + (path.contains("?") ? "&" : "?") + "lang=en").body();
      assertThat(en).as(path).contains("lang=\"en\"").doesNotContain("??");
    }
    // The choice is remembered in a cookie …
    assertThat(h.get("/leads").body()).contains("Lead review");
    h.get("/leads?lang=zh-CN");
    assertThat(h.get("/leads").body()).contains("线索复审");
    // … and without one, Accept-Language still decides.
    Http fresh =
        Http.session(
            port, fx.username("analyst", "330100"), "password-" + fx.username("analyst", "330100"));
    var en =
        fresh.send(
            "GET", "/wall", null, (byte[]) null, Map.of("Accept-Language", "en-US,en;q=0.9"));
    assertThat(en.body()).contains("Monitoring wall");
    assertThat(fresh.get("/wall").body()).contains("监测墙");
  }

  @Test
  void merchantsAndAnonymousUsersAreKeptOut() {
    admin()
        .post(
            "/api/v1/registry/enterprises",
            Map.of(
                "uscc",
                "91330108MA7WQX2P3"
                    + io.liveguard.platform.registry.Uscc.checkCharacter("91330108MA7WQX2P3"),
                "name",
                "商家甲"));
    for (String path :
        List.of(
            "/wall",
            "/wall/stream",
            "/leads",
            "/leads/" + leadId,
            "/cases",
            "/cases/" + leadId,
            "/cases/" + leadId + "/dossier.pdf",
            "/evidence/1/media/00")) {
      var r = anonymous().get(path);
      assertThat(r.status()).as(path).isEqualTo(302);
      assertThat(r.header("Location")).as(path).endsWith("/login");
    }
  }

  @Test
  void theServerVerifierFailsTamperedOrForeignPackages() throws Exception {
    var page = analyst.get("/leads/" + leadId).body();
    Matcher m = Pattern.compile("/api/v1/evidence/(\\d+)/package").matcher(page);
    assertThat(m.find()).isTrue();
    byte[] zip = analyst.get(m.group()).bytes();
    var key = sealer.vault().trustPolicy();
    assertThat(io.liveguard.platform.evidence.EvidencePackages.verify(zip, key).ok()).isTrue();
    // Another node's trust policy: the package cannot vouch for itself.
    java.nio.file.Path otherDir = java.nio.file.Files.createTempDirectory("liveguard-other-node");
    io.liveguard.evidence.pkg.TrustPolicy other;
    try (var v =
        io.liveguard.evidence.EvidenceVault.open(
            otherDir, io.liveguard.evidence.VaultOptions.defaults("other-node", "test"))) {
      other = v.trustPolicy();
    }
    var foreign = io.liveguard.platform.evidence.EvidencePackages.verify(zip, other);
    assertThat(foreign.ok()).isFalse();
    assertThat(foreign.checks())
        .anyMatch(c -> !c.ok() && c.label() != null && c.label().startsWith("trust.json"));
    // One changed byte in an item; a changed manifest; a truncated zip; garbage.
    byte[] tampered = rewrite(zip, "items/", b -> b[0] ^= 1);
    var t = io.liveguard.platform.evidence.EvidencePackages.verify(tampered, key);
    assertThat(t.ok()).isFalse();
    assertThat(t.checks())
        .anyMatch(c -> !c.ok() && c.label() != null && c.label().startsWith("items/"));
    byte[] manifest = rewrite(zip, "manifest.json", b -> b[b.length - 2] ^= 1);
    var mt = io.liveguard.platform.evidence.EvidencePackages.verify(manifest, key);
    assertThat(mt.ok()).isFalse();
    assertThat(
            io.liveguard.platform.evidence.EvidencePackages.verify(
                    java.util.Arrays.copyOf(zip, zip.length / 2), key)
                .ok())
        .isFalse();
    assertThat(
            io.liveguard.platform.evidence.EvidencePackages.verify(
                    "not a zip".getBytes(StandardCharsets.UTF_8), key)
                .ok())
        .isFalse();
  }

  static byte[] rewrite(byte[] zip, String prefix, java.util.function.Consumer<byte[]> change)
      throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    boolean changed = false;
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip));
        var z = new java.util.zip.ZipOutputStream(out)) {
      java.util.zip.ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        byte[] b = in.readAllBytes();
        if (!changed && e.getName().startsWith(prefix)) {
          change.accept(b);
          changed = true;
        }
        z.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
        z.write(b);
        z.closeEntry();
      }
    }
    assertThat(changed).isTrue();
    return out.toByteArray();
  }

  @Test
  void mediaOutsideTheManifestOrOfAnUnplayableTypeIsNotServed() {
    var page = analyst.get("/leads/" + leadId).body();
    Matcher m = Pattern.compile("/api/v1/evidence/(\\d+)/package").matcher(page);
    assertThat(m.find()).isTrue();
    String ev = m.group(1);
    // The platform's draft lists the blobs by SHA-256 (the sealed manifest lists vault items).
    var manifest = analyst.get("/api/v1/evidence/" + ev).json().get("draft");
    String textBlob = manifest.get("blobs").get(0).get("sha256").asString();
    // A blob of the manifest, but text: never served as media.
    assertThat(analyst.get("/evidence/" + ev + "/media/" + textBlob).status()).isEqualTo(404);
    assertThat(analyst.get("/evidence/" + ev + "/media/" + "0".repeat(64)).status()).isEqualTo(404);
    assertThat(otherOfficer.get("/evidence/" + ev + "/media/" + textBlob).status()).isEqualTo(404);
  }
}
