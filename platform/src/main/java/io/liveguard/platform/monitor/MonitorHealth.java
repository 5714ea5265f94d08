package io.liveguard.platform.monitor;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/monitor}: UP with the capture runtime's state, capacity and, when
 * monitoring is disabled (ffmpeg or models missing, or switched off), the reason. A disabled
 * runtime does not take the platform DOWN — ingest, review and cases work without it — but says why
 * it is off instead of staying silent.
 */
@Component("monitor")
class MonitorHealth implements HealthIndicator {
  private final MonitorRuntime runtime;

  MonitorHealth(MonitorRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public Health health() {
    return Health.up().withDetails(runtime.status()).build();
  }
}
