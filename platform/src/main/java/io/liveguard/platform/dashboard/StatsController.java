package io.liveguard.platform.dashboard;

import io.liveguard.detect.Detector;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/stats/overview?from=YYYY-MM-DD&to=YYYY-MM-DD}: the dashboard's figures for the
 * caller's jurisdiction; the range is China dates, both inclusive, the last 30 days by default.
 */
@RestController
class StatsController {
  private final DashboardStats stats;

  StatsController(DashboardStats stats) {
    this.stats = stats;
  }

  @GetMapping("/api/v1/stats/overview")
  DashboardStats.Overview overview(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    LocalDate[] range = range(from, to);
    return stats.overview(actor, range[0], range[1]);
  }

  /** Parses a range; refusals are 400 problems naming the parameter. */
  static LocalDate[] range(String from, String to) {
    LocalDate end = parse("to", to, LocalDate.now(Detector.CHINA));
    LocalDate start = parse("from", from, end.minusDays(29));
    if (end.isBefore(start)) {
      throw ApiException.badRequest("stats-range", start, end, DashboardStats.MAX_DAYS);
    }
    if (ChronoUnit.DAYS.between(start, end) >= DashboardStats.MAX_DAYS) {
      throw ApiException.badRequest("stats-range", start, end, DashboardStats.MAX_DAYS);
    }
    return new LocalDate[] {start, end};
  }

  private static LocalDate parse(String name, String value, LocalDate fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("bad-parameter", name, value);
    }
  }
}
