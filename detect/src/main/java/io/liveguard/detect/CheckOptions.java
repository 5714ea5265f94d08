package io.liveguard.detect;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What a check needs to know besides the text.
 *
 * @param channel where the text came from
 * @param product the product category id ({@code food}, {@code cosmetics} …), or {@code null} if
 *     unknown
 * @param conductDate the date of the conduct (Asia/Shanghai); it picks the version of a law whose
 *     articles were renumbered
 */
public record CheckOptions(Channel channel, String product, LocalDate conductDate) {

  public CheckOptions {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(conductDate, "conductDate");
  }

  /** Options for a channel with no product category, conduct today in Asia/Shanghai. */
  public static CheckOptions of(Channel channel) {
    return new CheckOptions(channel, null, LocalDate.now(Detector.CHINA));
  }
}
