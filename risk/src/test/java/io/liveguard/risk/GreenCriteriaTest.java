package io.liveguard.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.risk.GreenCriteria.Facts;
import io.liveguard.risk.GreenCriteria.Licence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GreenCriteriaTest {
  static final Instant NOW = Instant.parse("2026-06-01T04:00:00Z");
  static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
  final GreenCriteria criteria = GreenCriteria.defaults();

  static Facts good() {
    return new Facts(
        null,
        3,
        Set.of("food"),
        List.of(
            new Licence("business_licence", "91320102MA1N2B3C4D", null),
            new Licence("food_business_licence", "JY13201020000001", TODAY.plusDays(100))),
        TODAY.minusDays(30));
  }

  boolean passed(List<GreenCriteria.Check> checks, String criterion) {
    return checks.stream()
        .filter(c -> c.criterion().equals(criterion))
        .findFirst()
        .orElseThrow()
        .passed();
  }

  @Test
  void aCleanTrainedLicensedRoomPasses() {
    assertThat(GreenCriteria.passed(criteria.evaluate(good(), NOW))).isTrue();
  }

  @Test
  void aConfirmedViolationWithinNDaysFails() {
    Facts f = good();
    var recent =
        new Facts(
            NOW.minus(Duration.ofDays(89)), 3, f.categories(), f.licences(), f.trainingCompleted());
    var old =
        new Facts(
            NOW.minus(Duration.ofDays(91)), 3, f.categories(), f.licences(), f.trainingCompleted());
    assertThat(passed(criteria.evaluate(recent, NOW), "clean_days")).isFalse();
    assertThat(passed(criteria.evaluate(old, NOW), "clean_days")).isTrue();
  }

  @Test
  void noPrecheckedScriptFails() {
    Facts f = good();
    var none = new Facts(null, 0, f.categories(), f.licences(), f.trainingCompleted());
    assertThat(passed(criteria.evaluate(none, NOW), "prechecked_scripts")).isFalse();
  }

  @Test
  void aMissingOrExpiredLicenceFails() {
    var expired =
        new Facts(
            null,
            1,
            Set.of("food"),
            List.of(
                new Licence("business_licence", "x", null),
                new Licence("food_business_licence", "y", TODAY.minusDays(1))),
            TODAY);
    var checks = criteria.evaluate(expired, NOW);
    assertThat(passed(checks, "licences")).isFalse();
    assertThat(checks.get(2).detail()).contains("food_business_licence");
    var apparel =
        new Facts(
            null, 1, Set.of("apparel"), List.of(new Licence("business_licence", "x", null)), TODAY);
    assertThat(passed(criteria.evaluate(apparel, NOW), "licences")).isTrue();
  }

  @Test
  void trainingOlderThanAYearFails() {
    Facts f = good();
    var stale = new Facts(null, 1, f.categories(), f.licences(), TODAY.minusDays(366));
    var none = new Facts(null, 1, f.categories(), f.licences(), null);
    assertThat(passed(criteria.evaluate(stale, NOW), "training")).isFalse();
    assertThat(passed(criteria.evaluate(none, NOW), "training")).isFalse();
  }
}
