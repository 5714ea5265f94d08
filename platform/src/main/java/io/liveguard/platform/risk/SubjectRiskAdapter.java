package io.liveguard.platform.risk;

import io.liveguard.platform.subject.SubjectRisk;
import io.liveguard.risk.RiskScore;
import io.liveguard.risk.Subject;
import io.liveguard.risk.Tier;
import io.liveguard.risk.WarningRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * The risk section of the subject profiles (主体画像): the subject's score now, its warning tier (or
 * {@code low} below blue), and one line per reason with its weight, in the user's language.
 */
@Component
class SubjectRiskAdapter implements SubjectRisk {
  private final RiskService risk;
  private final WarningRules rules;
  private final MessageSource messages;

  SubjectRiskAdapter(RiskService risk, WarningRules rules, MessageSource messages) {
    this.risk = risk;
    this.rules = rules;
    this.messages = messages;
  }

  @Override
  public Optional<Assessment> assess(String kind, long id) {
    Subject subject = new Subject(Subject.Kind.parse(kind), id);
    RiskScore s = risk.score(subject);
    if (s.contributions().isEmpty()) {
      return Optional.empty();
    }
    Tier tier = s.tier(rules);
    Locale l = LocaleContextHolder.getLocale();
    List<String> reasons = new ArrayList<>();
    for (RiskScore.Contribution c : s.contributions()) {
      String label =
          messages.getMessage("risk.reason." + c.reason().id(), null, c.reason().id(), l);
      reasons.add(
          String.format(
              Locale.ROOT, "%s: %.2f × %.2f = %.2f", label, c.weight(), c.amount(), c.points()));
    }
    return Optional.of(new Assessment(s.score(), tier == null ? "low" : tier.id(), reasons));
  }
}
