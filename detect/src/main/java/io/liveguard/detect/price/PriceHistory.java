package io.liveguard.detect.price;

import io.liveguard.detect.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The prices of one listing in one room, ordered by instant whatever the order they arrived in,
 * kept for {@link #RETENTION}. Not thread-safe: owned by one analyzer.
 */
public final class PriceHistory {

  /** How long observations are kept. */
  public static final Duration RETENTION = Duration.ofDays(30);

  /** Length of the reference window of 明码标价和禁止价格欺诈规定 art. 16 para. 2, in days. */
  public static final int REFERENCE_DAYS = 7;

  private final List<Observation> observations = new ArrayList<>();

  /** Adds an observation in instant order and drops those older than the retention. */
  public void add(Observation o) {
    int i = observations.size();
    while (i > 0 && observations.get(i - 1).at().isAfter(o.at())) {
      i--;
    }
    int n = observations.size();
    if (i == n && n >= 2 && same(observations.get(n - 1), o) && same(observations.get(n - 2), o)) {
      // a run of one price from one source keeps its first and its latest observation: enough for
      // minima, raises and evidence, and a snapshot a minute for 30 days stays small
      observations.set(n - 1, o);
      return;
    }
    observations.add(i, o);
    Instant horizon = observations.get(observations.size() - 1).at().minus(RETENTION);
    while (!observations.isEmpty() && observations.get(0).at().isBefore(horizon)) {
      observations.remove(0);
    }
  }

  private static boolean same(Observation a, Observation b) {
    return a.source() == b.source()
        && a.price().compareTo(b.price()) == 0
        && java.util.Objects.equals(a.seller(), b.seller());
  }

  /** All observations, oldest first. */
  public List<Observation> all() {
    return observations;
  }

  /**
   * Start of the reference window for a price comparison at {@code at}: 00:00 Asia/Shanghai seven
   * days before the day of the comparison. The window is {@code [start, day of comparison 00:00)}:
   * the seven whole days before it (明码标价和禁止价格欺诈规定 art. 16 para. 2, "前七日内").
   */
  public static Instant windowStart(Instant at) {
    return LocalDate.ofInstant(at, Event.CHINA)
        .minusDays(REFERENCE_DAYS)
        .atStartOfDay(Event.CHINA)
        .toInstant();
  }

  /** End of the reference window (exclusive): 00:00 Asia/Shanghai of the day of the comparison. */
  public static Instant windowEnd(Instant at) {
    return LocalDate.ofInstant(at, Event.CHINA).atStartOfDay(Event.CHINA).toInstant();
  }

  /**
   * The reference price for a comparison at {@code at}: the lowest price charged in the seven days
   * before it; if none was charged then, the last price charged before the window (the rule's "前七日
   * 内没有交易的，应当不高于本次价格比较前最后一次交易价格" read conservatively: prices seen on the day of the comparison are
   * not used, since they may already be the promotion). Null if nothing is known.
   */
  public Observation reference(Instant at) {
    Instant start = windowStart(at);
    Instant end = windowEnd(at);
    Observation min = null;
    for (int i = observations.size() - 1; i >= 0; i--) {
      Observation o = observations.get(i);
      if (!o.charged() || !o.at().isBefore(end)) {
        continue;
      }
      if (o.at().isBefore(start)) {
        return min != null ? min : o;
      }
      if (min == null || o.price().compareTo(min.price()) <= 0) {
        min = o;
      }
    }
    return min;
  }

  /** The last charged price at or before {@code at}, or null. */
  public Observation chargedAt(Instant at) {
    for (int i = observations.size() - 1; i >= 0; i--) {
      Observation o = observations.get(i);
      if (!o.at().isAfter(at) && o.charged()) {
        return o;
      }
    }
    return null;
  }

  /** The latest cost reference at or before {@code at} within the retention, or null. */
  public Observation costAt(Instant at) {
    for (int i = observations.size() - 1; i >= 0; i--) {
      Observation o = observations.get(i);
      if (!o.at().isAfter(at) && o.source() == io.liveguard.detect.event.Payload.PriceSource.COST) {
        return o;
      }
    }
    return null;
  }
}
