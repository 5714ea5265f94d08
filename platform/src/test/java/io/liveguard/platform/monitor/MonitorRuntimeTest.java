package io.liveguard.platform.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Status;

/**
 * Without its models the capture runtime turns itself off loudly — one error line, the reason in
 * the status and the health details — and leaves the rest of the platform running; a wrong setting
 * stops the start with a message naming it.
 */
class MonitorRuntimeTest {
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger logger = (Logger) LoggerFactory.getLogger(MonitorRuntime.class);

  @BeforeEach
  void capture() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logs);
  }

  static MonitorSettings settings(
      boolean enabled, int captures, int speech, Path data, Path models) {
    return new MonitorSettings(
        enabled,
        Duration.ofMillis(200),
        captures,
        speech,
        "none",
        "",
        "",
        1,
        false,
        false,
        "",
        "Asia/Shanghai",
        data.toString(),
        1,
        models.toString());
  }

  static void waitStarted(MonitorRuntime r) throws InterruptedException {
    long end = System.nanoTime() + 120_000_000_000L;
    while (r.status().get("state").equals("starting")) {
      if (System.nanoTime() > end) {
        throw new AssertionError("runtime still starting: " + r.status());
      }
      Thread.sleep(50);
    }
  }

  @Test
  void disablesItselfLoudlyWhenTheOcrModelsAreMissing(@TempDir Path dir) throws Exception {
    Path empty = Files.createDirectories(dir.resolve("no-models"));
    MonitorRuntime r =
        new MonitorRuntime(
            settings(true, 2, 1, dir, empty),
            null,
            null,
            null,
            null,
            null,
            null,
            InstantSource.system());
    r.start();
    try {
      waitStarted(r);
      assertThat(r.status().get("state")).isEqualTo("disabled");
      assertThat((String) r.status().get("reason"))
          .contains("PP-OCR models missing", empty.toString(), "scripts/fetch-models.sh");
      var health = new MonitorHealth(r).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("state", "disabled").containsKey("reason");
      // rounds do nothing and do not repeat the error
      assertThat(r.runRound()).isNull();
      Thread.sleep(600);
      assertThat(r.runRound()).isNull();
      assertThat(logs.list)
          .filteredOn(e -> e.getLevel() == Level.ERROR)
          .singleElement()
          .satisfies(e -> assertThat(e.getFormattedMessage()).contains("MONITORING DISABLED"));
    } finally {
      r.stop();
    }
  }

  @Test
  void switchedOffByConfigurationItSaysSoWithoutAnError(@TempDir Path dir) {
    MonitorRuntime r =
        new MonitorRuntime(
            settings(false, 2, 1, dir, dir),
            null,
            null,
            null,
            null,
            null,
            null,
            InstantSource.system());
    r.start();
    assertThat(r.status()).containsEntry("state", "disabled");
    assertThat(r.status().get("reason")).isEqualTo("liveguard.monitor.enabled=false");
    assertThat(r.runRound()).isNull();
    assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.ERROR);
    r.stop();
  }

  @Test
  void wrongSettingsNameTheProperty(@TempDir Path dir) {
    assertThatThrownBy(() -> settings(true, 0, 0, dir, dir))
        .hasMessageContaining("liveguard.monitor.captures");
    assertThatThrownBy(() -> settings(true, 1, 2, dir, dir))
        .hasMessageContaining("liveguard.monitor.speech");
    assertThatThrownBy(
            () ->
                new MonitorSettings(
                    true,
                    Duration.ofSeconds(1),
                    1,
                    0,
                    "whisper",
                    "",
                    "",
                    1,
                    false,
                    false,
                    "",
                    "Asia/Shanghai",
                    dir.toString(),
                    1,
                    ""))
        .hasMessageContaining("liveguard.monitor.asr");
    assertThatThrownBy(
            () ->
                new MonitorSettings(
                    true,
                    Duration.ofSeconds(1),
                    1,
                    0,
                    "funasr",
                    "",
                    "",
                    1,
                    false,
                    false,
                    "",
                    "Asia/Shanghai",
                    dir.toString(),
                    1,
                    ""))
        .hasMessageContaining("liveguard.monitor.funasr-url");
  }
}
