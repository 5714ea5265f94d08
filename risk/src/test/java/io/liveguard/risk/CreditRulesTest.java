package io.liveguard.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.risk.CreditRules.CaseOutcome;
import io.liveguard.risk.CreditRules.Grade;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreditRulesTest {
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  final CreditRules rules = CreditRules.defaults();

  static CaseOutcome outcome(Disposal o, int daysAgo, boolean rectified) {
    return new CaseOutcome(o, "lead:" + daysAgo, NOW.minus(Duration.ofDays(daysAgo)), rectified);
  }

  @Test
  void aSubjectWithoutOutcomesIsA() {
    var r = rules.rate(List.of(), false, NOW);
    assertThat(r.grade()).isEqualTo(Grade.A);
    assertThat(r.score()).isEqualTo(100);
  }

  @Test
  void eachOutcomeDeductsItsPoints() {
    assertThat(rules.rate(List.of(outcome(Disposal.GUIDANCE, 10, false)), false, NOW).score())
        .isEqualTo(98);
    assertThat(rules.rate(List.of(outcome(Disposal.INTERVIEW, 10, false)), false, NOW).score())
        .isEqualTo(95);
    assertThat(
            rules
                .rate(List.of(outcome(Disposal.RECTIFICATION_ORDER, 10, false)), false, NOW)
                .score())
        .isEqualTo(90);
    assertThat(rules.rate(List.of(outcome(Disposal.CASE_FILED, 10, false)), false, NOW).score())
        .isEqualTo(80);
    assertThat(rules.rate(List.of(outcome(Disposal.TRANSFER, 10, false)), false, NOW).score())
        .isEqualTo(70);
  }

  @Test
  void gradesFollowTheThresholds() {
    assertThat(
            rules
                .rate(List.of(outcome(Disposal.RECTIFICATION_ORDER, 1, false)), false, NOW)
                .grade())
        .isEqualTo(Grade.A); // 90
    assertThat(
            rules
                .rate(
                    List.of(
                        outcome(Disposal.CASE_FILED, 1, false),
                        outcome(Disposal.INTERVIEW, 1, false)),
                    false,
                    NOW)
                .grade())
        .isEqualTo(Grade.B); // 75
    assertThat(
            rules
                .rate(
                    List.of(
                        outcome(Disposal.TRANSFER, 1, false),
                        outcome(Disposal.RECTIFICATION_ORDER, 1, false)),
                    false,
                    NOW)
                .grade())
        .isEqualTo(Grade.C); // 60
    assertThat(
            rules
                .rate(
                    List.of(
                        outcome(Disposal.TRANSFER, 1, false),
                        outcome(Disposal.CASE_FILED, 1, false)),
                    false,
                    NOW)
                .grade())
        .isEqualTo(Grade.D); // 50
  }

  @Test
  void olderOutcomesCountHalfThenNothing() {
    var r =
        rules.rate(
            List.of(
                outcome(Disposal.CASE_FILED, 400, false), outcome(Disposal.TRANSFER, 1200, false)),
            false,
            NOW);
    assertThat(r.score()).isEqualTo(90);
    assertThat(r.deductions()).singleElement().satisfies(d -> assertThat(d.why()).contains("half"));
  }

  @Test
  void aVerifiedRectificationHalvesItsOrder() {
    assertThat(
            rules
                .rate(List.of(outcome(Disposal.RECTIFICATION_ORDER, 10, true)), false, NOW)
                .score())
        .isEqualTo(95);
  }

  @Test
  void theBlacklistMakesItD() {
    var r = rules.rate(List.of(), true, NOW);
    assertThat(r.grade()).isEqualTo(Grade.D);
    assertThat(r.score()).isEqualTo(100);
  }

  @Test
  void theScoreNeverFallsBelowZero() {
    var many = java.util.Collections.nCopies(5, outcome(Disposal.TRANSFER, 1, false));
    assertThat(rules.rate(many, false, NOW).score()).isZero();
  }

  @Test
  void disposalIdsParse() {
    assertThat(Disposal.parse("rectification_order")).isEqualTo(Disposal.RECTIFICATION_ORDER);
    assertThat(Disposal.parse("dismissed")).isNull();
  }
}
