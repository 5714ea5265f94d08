package io.liveguard.platform.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import io.liveguard.platform.TestDatabase;
import io.liveguard.platform.analysis.LiveAnalysis;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The rules page and API: browse, versioned changes in force without restart, refusals. */
class RulesIT extends PlatformIT {
  @Autowired LiveAnalysis analysis;
  @Autowired RuleBook book;

  Http adminSession() {
    return Http.session(port, TestDatabase.ADMIN_USER, TestDatabase.ADMIN_PASSWORD);
  }

  static Map<String, String> change(String action, String term, String reason) {
    return term == null
        ? Map.of("action", action, "reason", reason)
        : Map.of("action", action, "term", term, "reason", reason);
  }

  boolean precheckFires(String text, String rule) {
    var r = admin().post("/api/v1/precheck", Map.of("text", text));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    for (JsonNode f : r.json().get("findings")) {
      if (f.get("rule").asString().equals(rule)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void listsRulesByCategoryAndLawWithTheirState() {
    var all = admin().get("/api/v1/rules");
    assertThat(all.status()).as(all.toString()).isEqualTo(200);
    assertThat(all.json().size()).isGreaterThanOrEqualTo(80);
    var absolute = admin().get("/api/v1/rules?category=absolute");
    assertThat(absolute.json().size()).isPositive().isLessThan(all.json().size());
    for (JsonNode r : absolute.json()) {
      assertThat(r.get("category").asString()).isEqualTo("absolute");
    }
    var byLaw =
        admin()
            .get(
                "/api/v1/rules?law="
                    + java.net.URLEncoder.encode("价格法", java.nio.charset.StandardCharsets.UTF_8));
    assertThat(byLaw.json().size()).isPositive();
    for (JsonNode r : byLaw.json()) {
      assertThat(r.get("laws").toString()).contains("价格法");
    }
    var one = admin().get("/api/v1/rules/ABS-FIRST");
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().get("matchExamples").toString()).contains("全网销量第一");
    assertThat(one.json().get("provisions").get(0).get("text").asString()).isNotBlank();
    assertThat(admin().get("/api/v1/rules/NO-SUCH-RULE").status()).isEqualTo(404);
  }

  @Test
  void aChangeThatBreaksTheRulesOwnExamplesIsRefusedNamingTheExample() {
    long before = book.version();
    var allow = admin().post("/api/v1/rules/ABS-FIRST/changes", change("add-allow", "销量第一", "试"));
    assertThat(allow.status()).as(allow.toString()).isEqualTo(422);
    assertThat(allow.json().get("code").asString()).isEqualTo("rule-example-unmatched");
    assertThat(allow.json().get("detail").asString())
        .contains("ABS-FIRST", "我们这款面膜全网销量第一，已经卖了一百万单", "absolute.yaml:");
    var term = admin().post("/api/v1/rules/ABS-FIRST/changes", change("add-term", "回购", "试"));
    assertThat(term.status()).as(term.toString()).isEqualTo(422);
    assertThat(term.json().get("code").asString()).isEqualTo("rule-example-matched");
    assertThat(term.json().get("detail").asString()).contains("ABS-FIRST", "回购");
    assertThat(term.json().get("failures").toString())
        .contains("这款不是销量第一，但是回购率很高", "absolute.yaml:");
    assertThat(book.version()).isEqualTo(before);
    assertThat(admin().get("/api/v1/rules/changes").body()).doesNotContain("\"回购\"");
    // The console form says the same, in the page.
    Http s = adminSession();
    var page =
        s.send(
            "POST",
            "/rules/ABS-FIRST/changes",
            "application/x-www-form-urlencoded",
            Http.formOf(change("add-allow", "销量第一", "试")),
            Map.of());
    assertThat(page.status()).isEqualTo(422);
    assertThat(page.body()).contains("我们这款面膜全网销量第一，已经卖了一百万单");
  }

  @Test
  void badChangesAreRefusedWithAReason() {
    assertThat(
            admin()
                .post("/api/v1/rules/ABS-FIRST/changes", change("add-term", "宇宙第一王", " "))
                .json()
                .get("code")
                .asString())
        .isEqualTo("rule-change-reason");
    assertThat(
            admin()
                .post("/api/v1/rules/ABS-FIRST/changes", change("rename", null, "r"))
                .json()
                .get("code")
                .asString())
        .isEqualTo("rule-change-action");
    assertThat(
            admin()
                .post("/api/v1/rules/ABS-FIRST/changes", change("add-term", "a|b", "r"))
                .status())
        .isEqualTo(400);
    assertThat(
            admin()
                .post("/api/v1/rules/ABS-FIRST/changes", change("add-term", "！！", "r"))
                .json()
                .get("code")
                .asString())
        .isEqualTo("rule-change-term");
    assertThat(
            admin().post("/api/v1/rules/ABS-FIRST/changes", change("enable", null, "r")).status())
        .isEqualTo(409);
    assertThat(
            admin()
                .post("/api/v1/rules/ABS-FIRST/changes", change("add-allow", "第一次", "r"))
                .json()
                .get("code")
                .asString())
        .isEqualTo("rule-term-exists");
    assertThat(admin().post("/api/v1/rules/NOPE-1/changes", change("disable", null, "r")).status())
        .isEqualTo(404);
  }

  @Test
  void anAddedTermIsInForceAtOnceForPrecheckAndLiveAnalysisAndIsVersionedAndAudited()
      throws Exception {
    String word = "银河爆款王";
    assertThat(precheckFires("这款是" + word + "，赶紧拍", "ABS-FIRST")).isFalse();
    var r = admin().post("/api/v1/rules/ABS-FIRST/changes", change("add-term", word, "巡查发现新说法"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    long version = r.json().get("version").asLong();
    assertThat(book.version()).isEqualTo(version);
    assertThat(precheckFires("这款是" + word + "，赶紧拍", "ABS-FIRST")).isTrue();

    // The live analysis picks the new rules up for the next events.
    String batch =
        "{\"id\":\"rules-it-1\",\"type\":\"transcript\",\"platform\":\"kuaishou\",\"room\":\"ks-rules-1\","
            + "\"session\":\"s-rules-1\",\"at\":\"2026-11-21T20:00:00+08:00\",\"text\":\"家人们这是"
            + word
            + "\",\"start_ms\":0,\"end_ms\":2000}";
    ingestLines(batch);
    analysis.drain();
    var leads = admin().get("/api/v1/leads?room=ks-rules-1");
    assertThat(leads.body()).contains("ABS-FIRST", word);

    // Who, when, why: the change history and the audit trail.
    var history = admin().get("/api/v1/rules/changes").json();
    JsonNode latest = history.get(0);
    assertThat(latest.get("version").asLong()).isEqualTo(version);
    assertThat(latest.get("actor").asString()).isEqualTo(TestDatabase.ADMIN_USER);
    assertThat(latest.get("reason").asString()).isEqualTo("巡查发现新说法");
    assertThat(latest.get("at").asString()).isNotBlank();
    var audit = admin().get("/api/v1/audit").body();
    assertThat(audit).contains("rule.add_term", "rule:ABS-FIRST", "巡查发现新说法");
    assertThat(admin().get("/api/v1/rules/ABS-FIRST").json().get("addedTerms").toString())
        .contains(word);
  }

  @Test
  void aDisabledRuleStopsFiringAndFiresAgainWhenEnabled() {
    String text = "今天直播间给到全网最低价";
    assertThat(precheckFires(text, "ABS-PRICE")).isTrue();
    var off = admin().post("/api/v1/rules/ABS-PRICE/changes", change("disable", null, "临时停用复核"));
    assertThat(off.status()).as(off.toString()).isEqualTo(201);
    try {
      assertThat(precheckFires(text, "ABS-PRICE")).isFalse();
      assertThat(
              admin().get("/api/v1/rules/ABS-PRICE").json().get("rule").get("enabled").asBoolean())
          .isFalse();
      assertThat(
              admin()
                  .post("/api/v1/rules/ABS-PRICE/changes", change("disable", null, "again"))
                  .status())
          .isEqualTo(409);
    } finally {
      var on = admin().post("/api/v1/rules/ABS-PRICE/changes", change("enable", null, "复核完毕"));
      assertThat(on.status()).as(on.toString()).isEqualTo(201);
    }
    assertThat(precheckFires(text, "ABS-PRICE")).isTrue();
  }

  /** A silver-gilt ring sold while the streamer calls it 足金: XC-CLAIM-LISTING, a model rule. */
  static String ringSession(String room) {
    return "{\"id\":\""
        + room
        + "-1\",\"type\":\"listing\",\"platform\":\"douyin\",\"room\":\""
        + room
        + "\",\"session\":\"s-1\",\"at\":\"2026-11-21T20:00:00+08:00\",\"listing\":\"L-1\","
        + "\"title\":\"转运珠戒指\",\"attributes\":{\"材质\":\"S925银镀金\"},\"price\":89,"
        + "\"category\":\"jewellery\"}\n"
        + "{\"id\":\""
        + room
        + "-2\",\"type\":\"transcript\",\"platform\":\"douyin\",\"room\":\""
        + room
        + "\",\"session\":\"s-1\",\"at\":\"2026-11-21T20:01:00+08:00\","
        + "\"text\":\"宝宝们这个是足金的，可以保值\",\"start_ms\":0,\"end_ms\":3000}";
  }

  @Test
  void aModelRuleCanBeDisabledAndEnabledButTakesNoTerms() {
    String rule = "XC-CLAIM-LISTING";
    var listed = admin().get("/api/v1/rules?category=cross_check");
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body()).contains(rule, "\"kind\":\"model\"");
    var detail = admin().get("/api/v1/rules/" + rule).json();
    assertThat(detail.get("model").asString()).isEqualTo("claim");
    assertThat(detail.get("provisions").toString()).contains("广告法");

    var terms = admin().post("/api/v1/rules/" + rule + "/changes", change("add-term", "足金", "试"));
    assertThat(terms.status()).as(terms.toString()).isEqualTo(400);
    assertThat(terms.body()).contains("会话模型");

    var off = admin().post("/api/v1/rules/" + rule + "/changes", change("disable", null, "核查误报"));
    assertThat(off.status()).as(off.toString()).isEqualTo(201);
    try {
      assertThat(admin().get("/api/v1/rules/" + rule).json().get("rule").get("enabled").asBoolean())
          .isFalse();
      ingestLines(ringSession("dy-model-off"));
      analysis.drain();
      var leads = admin().get("/api/v1/leads?room=dy-model-off");
      assertThat(leads.status()).isEqualTo(200);
      assertThat(leads.body()).doesNotContain(rule);
    } finally {
      var on = admin().post("/api/v1/rules/" + rule + "/changes", change("enable", null, "恢复"));
      assertThat(on.status()).as(on.toString()).isEqualTo(201);
    }
    ingestLines(ringSession("dy-model-on"));
    analysis.drain();
    assertThat(admin().get("/api/v1/leads?room=dy-model-on").body()).contains(rule, "足金");
    assertThat(admin().get("/api/v1/audit").body())
        .contains("rule.disable", "rule:" + rule, "核查误报");

    // The page says how the rule is decided and offers no term fields.
    var page = adminSession().get("/rules/" + rule);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("判定方式", "会话模型").doesNotContain("value=\"add-term\"");
  }

  @Test
  void pagesListRulesShowDetailAndEscapeWhatWasWritten() {
    Http s = adminSession();
    var list = s.get("/rules?category=absolute");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body()).contains("ABS-FIRST", "规则库").doesNotContain("MED-");
    var en = s.send("GET", "/rules", null, (byte[]) null, Map.of("Accept-Language", "en"));
    assertThat(en.body()).contains("Review precision", "Rules");
    // alert(2): a term added here stays in force for the whole test run, so it must not match
    // the hostile text the console tests ingest (ConsoleFixture.HOSTILE, alert(1))
    String xssTerm = "<script>alert(2)</script>";
    String xssReason = "\"><img src=x onerror=alert(1)>";
    var form =
        s.send(
            "POST",
            "/rules/ABS-GRADE/changes",
            "application/x-www-form-urlencoded",
            Http.formOf(change("add-term", xssTerm, xssReason)),
            Map.of());
    assertThat(form.status()).as(form.toString()).isEqualTo(302);
    assertThat(form.header("Location")).contains("/rules/ABS-GRADE?changed=");
    var detail = s.get("/rules/ABS-GRADE");
    assertThat(detail.status()).isEqualTo(200);
    assertThat(detail.body())
        .contains("&lt;script&gt;alert(2)&lt;/script&gt;")
        .contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain(xssTerm)
        .doesNotContain("<img src=x");
    assertThat(s.get("/rules/NOPE-2").status()).isEqualTo(404);
  }
}
