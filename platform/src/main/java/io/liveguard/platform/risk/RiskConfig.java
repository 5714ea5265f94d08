package io.liveguard.platform.risk;

import io.liveguard.risk.CreditRules;
import io.liveguard.risk.GreenCriteria;
import io.liveguard.risk.RiskEngine;
import io.liveguard.risk.ScoringRules;
import io.liveguard.risk.WarningRules;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The risk core wired to the platform's database; rules are the documented defaults. */
@Configuration
@EnableConfigurationProperties(RiskConfig.GreenProperties.class)
class RiskConfig {

  /**
   * The green live room criteria ({@code liveguard.green.*} in application.yaml, docs/risk.md).
   *
   * @param requiredLicences licence types per product category ({@code "*"}: every room)
   */
  @ConfigurationProperties("liveguard.green")
  record GreenProperties(
      Integer cleanDays,
      Integer minPrecheckedScripts,
      Map<String, Set<String>> requiredLicences,
      Duration trainingValidity,
      Duration recheckInterval) {

    GreenCriteria criteria() {
      GreenCriteria d = GreenCriteria.defaults();
      return new GreenCriteria(
          cleanDays == null ? d.cleanDays() : cleanDays,
          minPrecheckedScripts == null ? d.minPrecheckedScripts() : minPrecheckedScripts,
          requiredLicences == null || requiredLicences.isEmpty()
              ? d.requiredLicences()
              : requiredLicences,
          trainingValidity == null ? d.trainingValidity() : trainingValidity,
          recheckInterval == null ? d.recheckInterval() : recheckInterval,
          ZoneId.of("Asia/Shanghai"));
    }
  }

  @Bean
  ScoringRules scoringRules() {
    return ScoringRules.defaults();
  }

  @Bean
  WarningRules warningRules() {
    return WarningRules.defaults();
  }

  @Bean
  CreditRules creditRules() {
    return CreditRules.defaults();
  }

  @Bean
  GreenCriteria greenCriteria(GreenProperties p) {
    return p.criteria();
  }

  @Bean
  JdbcRiskStore jdbcRiskStore(JdbcClient jdbc, JsonMapper json, WarningRules rules) {
    return new JdbcRiskStore(jdbc, json, rules);
  }

  @Bean
  RiskEngine riskEngine(
      ScoringRules scoring, WarningRules rules, JdbcClient jdbc, JdbcRiskStore store) {
    return new RiskEngine(scoring, rules, new JdbcSubjectGraph(jdbc, scoring), store);
  }
}
