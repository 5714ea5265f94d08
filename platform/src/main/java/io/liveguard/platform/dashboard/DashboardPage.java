package io.liveguard.platform.dashboard;

import io.liveguard.platform.rules.RuleBook;
import io.liveguard.platform.security.Actor;
import io.liveguard.platform.web.ApiException;
import io.liveguard.platform.web.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/** The dashboard page (驾驶舱): tiles, charts (Chart.js WebJar) and tables over a date range. */
@Controller
class DashboardPage {
  static final String CHART_JS = "/webjars/chart.js/4.5.1/dist/chart.umd.min.js";
  private final DashboardStats stats;
  private final RuleBook rules;
  private final JsonMapper json;
  private final Problems problems;

  DashboardPage(DashboardStats stats, RuleBook rules, JsonMapper json, Problems problems) {
    this.stats = stats;
    this.rules = rules;
    this.json = json;
    this.problems = problems;
  }

  @GetMapping("/dashboard")
  String dashboard(
      @AuthenticationPrincipal Actor actor,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      Model model,
      HttpServletResponse res) {
    LocalDate[] range;
    try {
      range = StatsController.range(from, to);
    } catch (ApiException e) {
      res.setStatus(400);
      model.addAttribute("error", problems.message("problem." + e.code(), e.args()));
      range = StatsController.range(null, null);
    }
    DashboardStats.Overview o = stats.overview(actor, range[0], range[1]);
    boolean en = LocaleContextHolder.getLocale().getLanguage().equals(Locale.ENGLISH.getLanguage());
    Map<String, String> categories = new LinkedHashMap<>();
    rules.base().categories().values().forEach(c -> categories.put(c.id(), en ? c.en() : c.zh()));
    Map<String, String> statuses = new LinkedHashMap<>();
    for (String s :
        new String[] {
          "new",
          "in_review",
          "confirmed",
          "dismissed",
          "assigned",
          "rectifying",
          "rectified",
          "disposed",
          "closed"
        }) {
      statuses.put(s, problems.message("dashboard.status." + s));
    }
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("findings", problems.message("dashboard.findings"));
    labels.put("leads", problems.message("dashboard.leads"));
    labels.put("precision", problems.message("dashboard.precision"));
    labels.put("categories", categories);
    labels.put("statuses", statuses);
    model.addAttribute("o", o);
    model.addAttribute("categories", categories);
    model.addAttribute("statuses", statuses);
    model.addAttribute("chartJs", CHART_JS);
    model.addAttribute("data", json.writeValueAsString(o));
    model.addAttribute("labels", json.writeValueAsString(labels));
    return "dashboard";
  }
}
