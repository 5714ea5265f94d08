package io.liveguard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LiveGuardApplicationTest {
  @Test
  void translatesServeOptionsIntoSpringProperties() {
    assertThat(
            LiveGuardApplication.serveArguments(
                new String[] {"serve", "--port", "9090", "--data", "/tmp/x", "--demo"}))
        .containsExactly("--server.port=9090", "--liveguard.data=/tmp/x", "--liveguard.demo=true");
    assertThat(LiveGuardApplication.serveArguments(new String[] {"--port=0"}))
        .containsExactly("--server.port=0");
  }

  @Test
  void refusesBadPortsAndUnknownArguments() {
    assertThatThrownBy(() -> LiveGuardApplication.serveArguments(new String[] {"--port", "http"}))
        .hasMessageContaining("0..65535");
    assertThatThrownBy(() -> LiveGuardApplication.serveArguments(new String[] {"--data"}))
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> LiveGuardApplication.serveArguments(new String[] {"--frobnicate"}))
        .hasMessageContaining("--frobnicate");
  }
}
