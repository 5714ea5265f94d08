package io.liveguard.detect.price;

import static org.assertj.core.api.Assertions.assertThat;

import io.liveguard.detect.event.Payload.PriceSource;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class PriceHistoryTest {

  private static Instant bj(String local) {
    return OffsetDateTime.parse(local + "+08:00").toInstant();
  }

  private static Observation obs(Instant at, String price, PriceSource source, String id) {
    return new Observation(at, new BigDecimal(price), source, id, null);
  }

  @Test
  void theWindowIsTheSevenWholeBeijingDaysBeforeTheComparison() {
    Instant at = bj("2025-11-08T00:30:00");
    assertThat(PriceHistory.windowStart(at)).isEqualTo(Instant.parse("2025-10-31T16:00:00Z"));
    assertThat(PriceHistory.windowEnd(at)).isEqualTo(Instant.parse("2025-11-07T16:00:00Z"));
    // late evening UTC is already the next day in Beijing
    Instant utcEvening = Instant.parse("2025-11-07T17:00:00Z");
    assertThat(PriceHistory.windowEnd(utcEvening)).isEqualTo(Instant.parse("2025-11-07T16:00:00Z"));
  }

  @Test
  void referenceIsTheLowestChargedPriceInsideTheWindowBoundariesIncludedExactly() {
    PriceHistory h = new PriceHistory();
    Instant at = bj("2025-11-08T20:00:00");
    h.add(obs(bj("2025-10-31T23:59:59"), "50", PriceSource.LISTING, "before"));
    h.add(obs(bj("2025-11-01T00:00:00"), "120", PriceSource.LISTING, "first"));
    h.add(obs(bj("2025-11-07T23:59:59"), "110", PriceSource.CHECKOUT, "last"));
    h.add(obs(bj("2025-11-08T00:00:00"), "10", PriceSource.LISTING, "today"));
    h.add(obs(bj("2025-11-05T12:00:00"), "1", PriceSource.ELSEWHERE, "elsewhere"));
    h.add(obs(bj("2025-11-05T12:00:00"), "2", PriceSource.COST, "cost"));
    assertThat(h.reference(at).event()).isEqualTo("last");
  }

  @Test
  void withoutPricesInTheWindowTheLastEarlierPriceIsTheReference() {
    PriceHistory h = new PriceHistory();
    h.add(obs(bj("2025-10-20T12:00:00"), "80", PriceSource.LISTING, "old"));
    h.add(obs(bj("2025-10-25T12:00:00"), "90", PriceSource.LISTING, "older-but-later"));
    assertThat(h.reference(bj("2025-11-08T20:00:00")).event()).isEqualTo("older-but-later");
    assertThat(new PriceHistory().reference(bj("2025-11-08T20:00:00"))).isNull();
  }

  @Test
  void keepsInstantOrderWhateverTheArrivalOrderAndDropsOldObservations() {
    PriceHistory h = new PriceHistory();
    h.add(obs(bj("2025-11-05T12:00:00"), "3", PriceSource.LISTING, "c"));
    h.add(obs(bj("2025-11-01T12:00:00"), "1", PriceSource.LISTING, "a"));
    h.add(obs(bj("2025-11-03T12:00:00"), "2", PriceSource.LISTING, "b"));
    assertThat(h.all()).extracting(Observation::event).containsExactly("a", "b", "c");
    h.add(obs(bj("2025-12-20T12:00:00"), "4", PriceSource.LISTING, "d"));
    assertThat(h.all()).extracting(Observation::event).containsExactly("d");
    assertThat(h.chargedAt(bj("2025-12-20T12:00:00")).event()).isEqualTo("d");
  }

  @Test
  void aRunOfOnePriceKeepsItsFirstAndLatestObservation() {
    PriceHistory h = new PriceHistory();
    for (int i = 0; i < 5; i++) {
      h.add(obs(bj("2025-11-01T12:0" + i + ":00"), "99", PriceSource.LISTING, "p" + i));
    }
    h.add(obs(bj("2025-11-01T12:06:00"), "129", PriceSource.LISTING, "raised"));
    assertThat(h.all()).extracting(Observation::event).containsExactly("p0", "p4", "raised");
    assertThat(h.reference(bj("2025-11-02T12:00:00")).price()).isEqualByComparingTo("99");
  }
}
