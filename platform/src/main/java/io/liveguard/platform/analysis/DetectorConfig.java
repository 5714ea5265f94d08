package io.liveguard.platform.analysis;

import io.liveguard.detect.Detector;
import io.liveguard.detect.claim.Taxonomy;
import io.liveguard.detect.counterfeit.CounterfeitModel;
import io.liveguard.detect.session.SessionAnalyzer;
import io.liveguard.platform.registry.RegistrySellers;
import io.liveguard.platform.rules.RuleBook;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The detection core the platform runs: the catalogue bundled with the detect module, and fresh
 * per-session analyzers over it (the analysis thread owns one; a new one after a failed round or a
 * rule change).
 */
@Configuration
class DetectorConfig {
  /**
   * The bundled catalogue as shipped, without the console's rule overlay. Code that checks text
   * with the rules in force uses {@link RuleBook#detector()}.
   */
  @Bean
  Detector detector() {
    return Detector.bundled();
  }

  /**
   * Analyzers consult the registry's authorised sellers (brands with their shops) and check text
   * with the rules in force ({@link RuleBook}: bundled catalogue plus the console's overlay); the
   * model rules disabled in the console raise nothing.
   */
  @Bean
  Supplier<SessionAnalyzer> sessionAnalyzers(RegistrySellers sellers, RuleBook rules) {
    Detector base = Detector.bundled();
    Taxonomy taxonomy = Taxonomy.bundled();
    return () -> {
      Detector inForce = rules.detector();
      CounterfeitModel counterfeit = new CounterfeitModel(base.catalogue().brands(), sellers);
      return new SessionAnalyzer(inForce, rules.models(), taxonomy, counterfeit)
          .use(inForce, counterfeit, rules.disabled());
    };
  }
}
