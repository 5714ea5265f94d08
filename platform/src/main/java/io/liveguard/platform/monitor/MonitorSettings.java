package io.liveguard.platform.monitor;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@code liveguard.monitor.*}: whether this node hosts capture workers, its capacity, the ASR
 * engine, and what stream addresses it accepts (documented in docs/platform.md, "Monitoring
 * tasks"). Validated at start-up; a wrong value stops the application with a message naming it.
 */
@Component
public class MonitorSettings {
  static final Set<String> ENGINES = Set.of("none", "sphinx4", "funasr", "vosk");

  final boolean enabled;
  final Duration period;
  final int captures;
  final int speech;
  final String asr;
  final String funasrUrl;
  final Path voskModel;
  final double keyframeSeconds;
  final boolean allowLoopback;
  final boolean allowPrivateNetworks;
  final Path mediaDir;
  final ZoneId zone;
  final Path spoolDir;
  final int ocrThreads;
  final Path modelsDir;

  MonitorSettings(
      @Value("${liveguard.monitor.enabled:true}") boolean enabled,
      @Value("${liveguard.monitor.period:10s}") Duration period,
      @Value("${liveguard.monitor.captures:2}") int captures,
      @Value("${liveguard.monitor.speech:1}") int speech,
      @Value("${liveguard.monitor.asr:none}") String asr,
      @Value("${liveguard.monitor.funasr-url:}") String funasrUrl,
      @Value("${liveguard.monitor.vosk-model:}") String voskModel,
      @Value("${liveguard.monitor.keyframe-seconds:1}") double keyframeSeconds,
      @Value("${liveguard.monitor.allow-loopback:false}") boolean allowLoopback,
      @Value("${liveguard.monitor.allow-private-networks:false}") boolean allowPrivateNetworks,
      @Value("${liveguard.monitor.media-dir:}") String mediaDir,
      @Value("${liveguard.monitor.zone:Asia/Shanghai}") String zone,
      @Value("${liveguard.data}") String data,
      @Value("${liveguard.monitor.ocr-threads:1}") int ocrThreads,
      @Value("${liveguard.monitor.models-dir:}") String modelsDir) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException(
          "liveguard.monitor.period must be positive, was " + period);
    }
    if (captures < 1 || speech < 0 || speech > captures) {
      throw new IllegalArgumentException(
          "liveguard.monitor.captures ("
              + captures
              + ") must be ≥ 1 and liveguard.monitor.speech ("
              + speech
              + ") within 0..captures");
    }
    String engine = asr.trim().toLowerCase(Locale.ROOT);
    if (!ENGINES.contains(engine)) {
      throw new IllegalArgumentException(
          "liveguard.monitor.asr \"" + asr + "\" is not one of " + ENGINES);
    }
    if (engine.equals("funasr") && funasrUrl.isBlank()) {
      throw new IllegalArgumentException(
          "liveguard.monitor.asr=funasr needs liveguard.monitor.funasr-url (ws://host:10095)");
    }
    if (engine.equals("vosk") && voskModel.isBlank()) {
      throw new IllegalArgumentException(
          "liveguard.monitor.asr=vosk needs liveguard.monitor.vosk-model (a model directory)");
    }
    if (!(keyframeSeconds >= 0.1 && keyframeSeconds <= 60)) {
      throw new IllegalArgumentException(
          "liveguard.monitor.keyframe-seconds must be within 0.1..60, was " + keyframeSeconds);
    }
    if (ocrThreads < 1 || ocrThreads > 16) {
      throw new IllegalArgumentException(
          "liveguard.monitor.ocr-threads must be within 1..16, was " + ocrThreads);
    }
    this.enabled = enabled;
    this.period = period;
    this.captures = captures;
    this.speech = speech;
    this.asr = engine;
    this.funasrUrl = funasrUrl.trim();
    this.voskModel = voskModel.isBlank() ? null : Path.of(voskModel.trim());
    this.keyframeSeconds = keyframeSeconds;
    this.allowLoopback = allowLoopback;
    this.allowPrivateNetworks = allowPrivateNetworks;
    this.mediaDir = mediaDir.isBlank() ? null : Path.of(mediaDir.trim()).toAbsolutePath();
    this.zone = ZoneId.of(zone);
    this.spoolDir = Path.of(data, "monitor", "spool").toAbsolutePath();
    this.ocrThreads = ocrThreads;
    // the media module's model cache: -Dliveguard.models.dir, $LIVEGUARD_MODELS or ~/.cache/…
    this.modelsDir = modelsDir.isBlank() ? null : Path.of(modelsDir.trim()).toAbsolutePath();
  }

  /** The stream addresses this deployment accepts. */
  StreamSources.Policy policy() {
    return new StreamSources.Policy(allowLoopback, allowPrivateNetworks, mediaDir);
  }
}
