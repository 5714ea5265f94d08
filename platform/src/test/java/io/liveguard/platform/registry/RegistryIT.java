package io.liveguard.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.Http;
import io.liveguard.platform.PlatformIT;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class RegistryIT extends PlatformIT {
  @Autowired JdbcClient jdbc;

  Http.Response csv(String kind, String body) {
    return admin().send("POST", "/api/v1/registry/" + kind + "/import", "text/csv", body, Map.of());
  }

  Http.Response jsonImport(String kind, String body) {
    return admin()
        .send("POST", "/api/v1/registry/" + kind + "/import", "application/json", body, Map.of());
  }

  long count(String table) {
    return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
  }

  @Test
  void importsAJurisdictionTreeFromCsvInOneGo() {
    var r =
        csv(
            "jurisdictions",
            "code,name,tier,parent\n"
                + "510000,四川省,province,\n"
                + "510100,成都市,city,510000\n"
                + "\"510104\",\"锦江区\",district,510100\n");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("imported").asInt()).isEqualTo(3);
    var list = admin().get("/api/v1/registry/jurisdictions").json();
    assertThat(list.toString()).contains("/510000/510100/510104/");
  }

  @Test
  void oneBadRowRefusesTheWholeImportWithARowReport() {
    long before = count("enterprise");
    var r =
        jsonImport(
            "enterprises",
            "[{\"uscc\":\"91110108MA01ABCD1E\",\"name\":\"深圳甲公司\"},"
                + "{\"uscc\":\"91350100M000100Y44\",\"name\":\"校验码错\"},"
                + "{\"name\":\"缺代码\"}]");
    assertThat(r.status()).as(r.toString()).isEqualTo(422);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    var errors = r.json().get("errors");
    assertThat(errors.size()).isEqualTo(2);
    assertThat(errors.get(0).get("row").asInt()).isEqualTo(2);
    assertThat(errors.get(0).get("code").asString()).isEqualTo("uscc-check-digit");
    assertThat(errors.get(0).get("message").asString()).contains("校验码");
    assertThat(errors.get(1).get("row").asInt()).isEqualTo(3);
    assertThat(errors.get(1).get("field").asString()).isEqualTo("uscc");
    assertThat(count("enterprise")).isEqualTo(before);
  }

  @Test
  void rowsMayReferToRowsAboveThemAndDuplicatesInsideAFileAreRefused() {
    var r =
        jsonImport(
            "platforms",
            "[{\"code\":\"xhs-test\",\"name\":\"小红书\"},{\"code\":\"xhs-test\",\"name\":\"重复\"}]");
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("errors").get(0).get("row").asInt()).isEqualTo(2);
    assertThat(admin().get("/api/v1/registry/platforms").body()).doesNotContain("xhs-test");
  }

  @Test
  void registersBrandsWithAuthorisedSellersStreamersRoomsAndListings() {
    csv(
        "jurisdictions",
        "code,name,tier,parent\n330000,浙江省,province,\n330100,杭州市,city,330000\n330106,西湖区,district,330100\n");
    assertThat(
            jsonImport(
                    "platforms",
                    "[{\"code\":\"huya-test\",\"name\":\"虎牙\"},{\"code\":\"yy-test\",\"name\":\"YY\"}]")
                .status())
        .isEqualTo(200);
    assertThat(
            jsonImport(
                    "enterprises",
                    "[{\"uscc\":\"91330106MA27XY8K22\",\"name\":\"授权经销商\",\"jurisdiction\":\"330106\"},"
                        + "{\"uscc\":\"91330106MA2CDE3F45\",\"name\":\"星光MCN\"}]")
                .status())
        .isEqualTo(200);
    assertThat(
            jsonImport("mcn-agencies", "[{\"uscc\":\"91330106MA2CDE3F45\",\"name\":\"星光MCN\"}]")
                .status())
        .isEqualTo(200);
    var streamer =
        jsonImport(
            "streamers",
            "[{\"name\":\"小美\",\"mcn\":\"91330106MA2CDE3F45\",\"accounts\":[\"kuaishou:xm001\",\"taobao:xm-tb\"]}]");
    assertThat(streamer.status()).as(streamer.toString()).isEqualTo(200);
    var brand =
        jsonImport(
            "brands",
            "[{\"name\":\"雅诗兰黛\",\"name_en\":\"Estee Lauder\",\"aliases\":[\"小棕瓶\"],"
                + "\"sellers\":[\"91330106MA27XY8K22\"],\"authorised_until\":\"2027-12-31\"}]");
    assertThat(brand.status()).as(brand.toString()).isEqualTo(200);
    var room =
        csv(
            "rooms",
            "platform,room,name,enterprise,streamer,jurisdiction\n"
                + "kuaishou,ks-room-1,小美直播间,91330106MA27XY8K22,kuaishou:xm001,330106\n");
    assertThat(room.status()).as(room.toString()).isEqualTo(200);
    var listing =
        jsonImport(
            "listings",
            "[{\"platform\":\"kuaishou\",\"room\":\"ks-room-1\",\"listing\":\"sku-1\",\"title\":\"小棕瓶精华50ml\","
                + "\"category\":\"cosmetics\",\"brand\":\"雅诗兰黛\",\"price\":\"599.00\","
                + "\"attributes\":{\"容量\":\"50ml\",\"产地\":\"美国\"}}]");
    assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
    assertThat(admin().get("/api/v1/registry/brands").body()).contains("91330106MA27XY8K22");
    assertThat(admin().get("/api/v1/registry/streamers").body())
        .contains("kuaishou:xm001;taobao:xm-tb");
    assertThat(admin().get("/api/v1/registry/listings").body()).contains("容量");
  }

  @Test
  void refusesUnreadableFilesWithAProblem() {
    var notUtf8 =
        admin()
            .send(
                "POST",
                "/api/v1/registry/platforms/import",
                "text/csv",
                new byte[] {'c', 'o', 'd', 'e', '\n', (byte) 0xC3, (byte) 0x28},
                Map.of());
    assertThat(notUtf8.status()).isEqualTo(400);
    assertThat(notUtf8.json().get("code").asString()).isEqualTo("import-not-utf8");
    var ragged = csv("platforms", "code,name\na,b,c\n");
    assertThat(ragged.status()).isEqualTo(400);
    assertThat(ragged.json().get("code").asString()).isEqualTo("import-csv-columns");
    var xml =
        admin()
            .send("POST", "/api/v1/registry/platforms/import", "application/xml", "<a/>", Map.of());
    assertThat(xml.status()).isEqualTo(415);
    var unknown = jsonImport("planets", "[]");
    assertThat(unknown.status()).isEqualTo(404);
  }

  @Test
  void createsOneSubjectWithPost() {
    var r = admin().post("/api/v1/registry/platforms", Map.of("code", "pdd-one", "name", "拼多多"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    var bad = admin().post("/api/v1/registry/platforms", Map.of("code", "Bad Code!", "name", "x"));
    assertThat(bad.status()).isEqualTo(422);
    assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("code");
  }
}
