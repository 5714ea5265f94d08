package io.liveguard.platform.analysis;

import io.liveguard.detect.Detector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The detection core the platform runs: the catalogue bundled with the detect module. */
@Configuration
class DetectorConfig {
  @Bean
  Detector detector() {
    return Detector.bundled();
  }
}
