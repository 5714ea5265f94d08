package io.liveguard.platform.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.registry.Uscc;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pre-check page and API as a merchant uses them: paste or upload, highlighted findings,
 * rewrites accepted one by one or all, download; hostile uploads; the per-user rate limit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrecheckIT extends PlatformIT {
  static final String XSS1 = "<script>alert(1)</script>";
  static final String XSS2 = "\"><img src=x onerror=alert(1)>";
  static final String SCRIPT = "家人们，这款是全网最低价" + XSS1 + "，送礼首选" + XSS2;
  long enterprise;

  @BeforeAll
  void merchantEnterprise() {
    String first17 = "91110108MA01ABCD5";
    var e =
        admin()
            .post(
                "/api/v1/registry/enterprises",
                Map.of("uscc", first17 + Uscc.checkCharacter(first17), "name", "预检商家"));
    assertThat(e.status()).as(e.toString()).isIn(201, 409);
    enterprise =
        admin()
            .get("/api/v1/registry/enterprises?limit=1000")
            .json()
            .valueStream()
            .filter(n -> n.get("name").asString().equals("预检商家"))
            .findFirst()
            .orElseThrow()
            .get("id")
            .asLong();
  }

  /** A new merchant user (each test its own, so that rate limits do not interfere). */
  Http merchant(String name) {
    Map<String, Object> u = new HashMap<>();
    u.put("username", name);
    u.put("password", "password-" + name);
    u.put("role", "merchant");
    u.put("enterprise", enterprise);
    var r = admin().post("/api/v1/users", u);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return Http.session(port, name, "password-" + name);
  }

  static Http.Response upload(Http h, Multipart m) {
    return h.send("POST", "/precheck", m.contentType(), m.build(), Map.of());
  }

  static byte[] docx(String... paragraphs) throws Exception {
    try (XWPFDocument d = new XWPFDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (String p : paragraphs) {
        d.createParagraph().createRun().setText(p);
      }
      d.write(out);
      return out.toByteArray();
    }
  }

  @Test
  void aMerchantSeesEachRiskyPhraseHighlightedWithTheArticleAndTheRewriteAsText() {
    Http m = merchant("pc-merchant-1");
    var form = m.get("/precheck");
    assertThat(form.status()).isEqualTo(200);
    assertThat(form.body()).contains("脚本预检", "precheck-text");
    var r = upload(m, new Multipart().field("text", SCRIPT).field("category", ""));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    String html = r.body();
    assertThat(html)
        .contains("<mark class=\"hit severity-warning\" id=\"hit-", "全网最低价</mark>")
        .contains("《广告法》第9条", "直播间优惠价")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain(XSS1)
        .doesNotContain("<img src=x");
    // The statute text of the cited article is on the page.
    assertThat(html).contains("第九条 广告不得有下列情形");
    var en =
        m.send(
            "POST",
            "/precheck",
            "application/x-www-form-urlencoded",
            Http.formOf(Map.of("text", SCRIPT)),
            Map.of("Accept-Language", "en"));
    assertThat(en.body()).contains("Compliant rewrite", "Accept all");
  }

  @Test
  void rewritesAreAcceptedOneByOneOrAllAndTheScriptDownloads() {
    Http m = merchant("pc-merchant-2");
    String script = "这款是全网最低价，送礼首选。";
    var one =
        m.send(
            "POST",
            "/precheck/apply",
            "application/x-www-form-urlencoded",
            "text=" + java.net.URLEncoder.encode(script, StandardCharsets.UTF_8) + "&accept=0",
            Map.of());
    assertThat(one.status()).as(one.toString()).isEqualTo(200);
    assertThat(one.body()).contains("已采纳 1 处改写");
    String afterOne = hiddenText(one.body());
    assertThat(afterOne).isNotEqualTo(script).contains("送礼首选");
    var all =
        m.send(
            "POST",
            "/precheck/apply",
            "application/x-www-form-urlencoded",
            Http.formOf(Map.of("text", script, "all", "true")),
            Map.of());
    String clean = hiddenText(all.body());
    assertThat(clean).doesNotContain("全网最低价", "首选").contains("直播间优惠价");
    assertThat(all.body()).contains("未发现风险用语");
    var download =
        m.send(
            "POST",
            "/precheck/download",
            "application/x-www-form-urlencoded",
            Http.formOf(Map.of("text", clean)),
            Map.of());
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.header("Content-Disposition")).startsWith("attachment");
    assertThat(download.header("Content-Type")).startsWith("text/plain");
    assertThat(download.body()).isEqualTo(clean);
  }

  /** The script the result page carries forward (the download form's hidden field). */
  static String hiddenText(String html) {
    var mt =
        java.util.regex.Pattern.compile(
                "id=\"precheck-download\".*?name=\"text\" value=\"([^\"]*)\"",
                java.util.regex.Pattern.DOTALL)
            .matcher(html);
    assertThat(mt.find()).as(html).isTrue();
    return org.springframework.web.util.HtmlUtils.htmlUnescape(mt.group(1));
  }

  @Test
  void uploadsTxtAndDocx() throws Exception {
    Http m = merchant("pc-merchant-3");
    var txt =
        upload(
            m,
            new Multipart()
                .file(
                    "file",
                    "脚本.txt",
                    "text/plain",
                    ("\uFEFF" + "今天全网最低价").getBytes(StandardCharsets.UTF_8)));
    assertThat(txt.status()).as(txt.toString()).isEqualTo(200);
    assertThat(txt.body()).contains("全网最低价</mark>");
    var doc =
        upload(
            m,
            new Multipart()
                .file(
                    "file",
                    "script.docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    docx("开场白", "这是全网最低价，送礼首选")));
    assertThat(doc.status()).as(doc.toString()).isEqualTo(200);
    assertThat(doc.body()).contains("全网最低价</mark>", "首选</mark>", "开场白");
  }

  @Test
  void hostileUploadsAreRefusedWithAClearMessage() throws Exception {
    Http m = merchant("pc-merchant-4");
    var big = new byte[3 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'a');
    var tooLarge = upload(m, new Multipart().file("file", "big.txt", "text/plain", big));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.body()).contains("文件超过 2 MB 上限");

    var ole = new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, 0, 0, 0, 0};
    var legacy = upload(m, new Multipart().file("file", "old.doc", "application/msword", ole));
    assertThat(legacy.status()).isEqualTo(400);
    assertThat(legacy.body()).contains("另存为” .docx");

    var exe =
        upload(
            m, new Multipart().file("file", "x.exe", "application/octet-stream", "MZ".getBytes()));
    assertThat(exe.status()).isEqualTo(400);
    assertThat(exe.body()).contains("不支持的文件类型");

    var fake =
        upload(m, new Multipart().file("file", "fake.docx", "application/zip", "hello".getBytes()));
    assertThat(fake.status()).isEqualTo(400);
    assertThat(fake.body()).contains("不是 Word 文档");

    var gbk =
        upload(
            m,
            new Multipart()
                .file(
                    "file",
                    "gbk.txt",
                    "text/plain",
                    "全网最低价".getBytes(java.nio.charset.Charset.forName("GBK"))));
    assertThat(gbk.status()).isEqualTo(400);
    assertThat(gbk.body()).contains("UTF-8");

    var broken = docx("全网最低价");
    var corrupt =
        upload(
            m,
            new Multipart()
                .file(
                    "file",
                    "broken.docx",
                    "application/octet-stream",
                    java.util.Arrays.copyOf(broken, broken.length / 2)));
    assertThat(corrupt.status()).isEqualTo(400);
    assertThat(corrupt.body()).contains("无法读取该 Word 文档");

    var bomb =
        upload(m, new Multipart().file("file", "bomb.docx", "application/octet-stream", zipBomb()));
    assertThat(bomb.status()).as(bomb.toString()).isEqualTo(400);
    assertThat(bomb.body()).contains("压缩炸弹");

    var empty = upload(m, new Multipart().field("text", "   "));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("请粘贴脚本或上传文件");
    var tooLong = upload(m, new Multipart().field("text", "好".repeat(50_001)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body()).contains("50000");
  }

  /** A .docx whose document part inflates from about 50 KB to 50 MB. */
  static byte[] zipBomb() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry("[Content_Types].xml"));
      z.write(
          ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                  + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                  + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>")
              .getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("_rels/.rels"));
      z.write(
          ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                  + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>")
              .getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("word/document.xml"));
      byte[] spaces = new byte[1024 * 1024];
      java.util.Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < 50; i++) {
        z.write(spaces);
      }
      z.closeEntry();
    }
    return out.toByteArray();
  }

  @Test
  void theApiAndThePageAreRateLimitedPerUser() {
    var t =
        admin()
            .post(
                "/api/v1/users",
                Map.of(
                    "username",
                    "pc-rate-api",
                    "password",
                    "password-rate",
                    "role",
                    "merchant",
                    "enterprise",
                    enterprise));
    assertThat(t.status()).as(t.toString()).isEqualTo(201);
    var token = admin().post("/api/v1/tokens", Map.of("name", "rate", "username", "pc-rate-api"));
    Http api = Http.bearer(port, token.json().get("secret").asString());
    int ok = 0;
    Http.Response last = null;
    for (int i = 0; i < 31; i++) {
      last = api.post("/api/v1/precheck", Map.of("text", "全网最低价"));
      if (last.status() == 200) {
        ok++;
      }
    }
    assertThat(ok).isEqualTo(30);
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.header("Content-Type")).startsWith("application/problem+json");
    assertThat(last.json().get("code").asString()).isEqualTo("precheck-rate-limited");
    assertThat(Integer.parseInt(last.header("Retry-After"))).isPositive();
    // Another user is not affected.
    assertThat(admin().post("/api/v1/precheck", Map.of("text", "全网最低价")).status()).isEqualTo(200);

    Http page = merchant("pc-rate-page");
    Http.Response p = null;
    for (int i = 0; i < 31; i++) {
      p =
          page.send(
              "POST",
              "/precheck",
              "application/x-www-form-urlencoded",
              Http.formOf(Map.of("text", "全网最低价")),
              Map.of());
    }
    assertThat(p.status()).isEqualTo(429);
    assertThat(p.body()).contains("预检过于频繁", "precheck-limited");
  }

  @Test
  void aMerchantIsKeptOutOfTheOfficersPages() {
    Http m = merchant("pc-merchant-5");
    for (String path : new String[] {"/dashboard", "/subjects", "/rules", "/rules/ABS-FIRST"}) {
      assertThat(m.get(path).status()).as(path).isEqualTo(403);
    }
    assertThat(m.get("/api/v1/rules").status()).isEqualTo(403);
    assertThat(m.get("/api/v1/stats/overview").status()).isEqualTo(403);
    assertThat(anonymous().get("/precheck").status()).isEqualTo(302);
  }
}
