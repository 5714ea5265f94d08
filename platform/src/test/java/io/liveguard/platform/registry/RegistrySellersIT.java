package io.liveguard.platform.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.platform.PlatformIT;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RegistrySellersIT extends PlatformIT {
  @Autowired RegistrySellers sellers;

  @Test
  void authorisedSellersOfARegisteredBrandReachTheCounterfeitModel() {
    String first17 = "91310115MA1K4L5M6";
    String uscc = first17 + Uscc.checkCharacter(first17);
    assertThat(
            admin()
                .post("/api/v1/registry/enterprises", Map.of("uscc", uscc, "name", "上海授权古驰专卖店"))
                .status())
        .isEqualTo(201);
    var brand =
        admin()
            .post(
                "/api/v1/registry/brands",
                Map.of("name", "古驰", "name_en", "Gucci", "sellers", uscc));
    assertThat(brand.status()).as(brand.toString()).isEqualTo(201);
    // in force as soon as the registry change is committed, not at the next minute's reload
    assertThat(sellers.authorised("gucci", "上海授权古驰专卖店")).isTrue();
    assertThat(sellers.authorised("gucci", "路边小店")).isFalse();
    assertThat(sellers.authorised("hermes", "上海授权古驰专卖店")).isNull();
  }

  @Test
  void sessionsCannotBeImported() {
    var r =
        admin()
            .send(
                "POST",
                "/api/v1/registry/sessions/import",
                "application/json",
                "[{\"session\":\"x\"}]",
                Map.of());
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.json().get("errors").get(0).get("code").asString())
        .isEqualTo("sessions-from-events");
  }
}
