package io.liveguard.platform.analysis;

import io.liveguard.detect.Detector;
import io.liveguard.detect.session.SessionAnalyzer;
import io.liveguard.platform.registry.RegistrySellers;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The detection core the platform runs: the catalogue bundled with the detect module, and fresh
 * per-session analyzers over it (the analysis thread owns one; a new one after a failed round).
 */
@Configuration
class DetectorConfig {
  @Bean
  Detector detector() {
    return Detector.bundled();
  }

  /** Analyzers consult the registry's authorised sellers (brands with their shops). */
  @Bean
  Supplier<SessionAnalyzer> sessionAnalyzers(RegistrySellers sellers) {
    return () -> SessionAnalyzer.bundled(sellers);
  }
}
