package io.liveguard.detect.price;

import io.liveguard.detect.event.Payload.PriceSource;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A price seen at an instant: from a listing snapshot ({@link PriceSource#LISTING}) or a price
 * event.
 *
 * @param at when
 * @param price the amount, CNY
 * @param source where
 * @param event the id of the event it came from
 * @param seller for prices elsewhere, where; else null
 */
public record Observation(
    Instant at, BigDecimal price, PriceSource source, String event, String seller) {

  /** Whether this is a price the room charges (listing page or checkout). */
  public boolean charged() {
    return source == PriceSource.LISTING || source == PriceSource.CHECKOUT;
  }
}
