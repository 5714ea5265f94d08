package io.liveguard.platform.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BootstrapTest {
  @Test
  void acceptsUserColonPasswordAndALongToken() {
    assertThatCode(() -> Bootstrap.validate("chief:a-long-password", "0123456789abcdef"))
        .doesNotThrowAnyException();
    assertThatCode(() -> Bootstrap.validate("", "")).doesNotThrowAnyException();
  }

  @Test
  void refusesMalformedAdminAndShortSecrets() {
    assertThatThrownBy(() -> Bootstrap.validate("chief", "")).hasMessageContaining("user:password");
    assertThatThrownBy(() -> Bootstrap.validate("chief:", ""))
        .hasMessageContaining("user:password");
    assertThatThrownBy(() -> Bootstrap.validate("chief:short", ""))
        .hasMessageContaining("at least 8");
    assertThatThrownBy(() -> Bootstrap.validate("", "short-token"))
        .hasMessageContaining("at least 16");
  }
}
