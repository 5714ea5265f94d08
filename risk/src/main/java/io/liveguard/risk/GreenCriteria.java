package io.liveguard.risk;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The criteria of the green live room programme (绿色直播间), as configuration: no confirmed violation
 * for {@code cleanDays} days, at least {@code minPrecheckedScripts} scripts pre-checked in that
 * period, every licence its product categories require present and valid, compliance training
 * completed within {@code trainingValidity}. An awarded room is re-checked every {@code
 * recheckInterval}; failing a re-check revokes the award with the failed criteria as reason.
 *
 * @param requiredLicences licence types required per product category; {@code "*"} applies to every
 *     room
 */
public record GreenCriteria(
    int cleanDays,
    int minPrecheckedScripts,
    Map<String, Set<String>> requiredLicences,
    Duration trainingValidity,
    Duration recheckInterval,
    ZoneId zone) {

  public GreenCriteria {
    if (cleanDays < 1) {
      throw new IllegalArgumentException("cleanDays must be ≥ 1: " + cleanDays);
    }
    if (minPrecheckedScripts < 0) {
      throw new IllegalArgumentException(
          "minPrecheckedScripts must be ≥ 0: " + minPrecheckedScripts);
    }
    requiredLicences = Map.copyOf(requiredLicences);
    Objects.requireNonNull(trainingValidity, "trainingValidity");
    if (recheckInterval.isNegative() || recheckInterval.isZero()) {
      throw new IllegalArgumentException("recheckInterval must be positive: " + recheckInterval);
    }
    Objects.requireNonNull(zone, "zone");
  }

  /** The defaults documented in docs/risk.md. */
  public static GreenCriteria defaults() {
    return new GreenCriteria(
        90,
        1,
        Map.of(
            "*", Set.of("business_licence"),
            "food", Set.of("food_business_licence"),
            "health_food", Set.of("food_business_licence"),
            "infant_formula", Set.of("food_business_licence"),
            "special_medical_food", Set.of("food_business_licence"),
            "device", Set.of("device_business_record"),
            "drug", Set.of("drug_business_licence")),
        Duration.ofDays(365),
        Duration.ofDays(30),
        ZoneId.of("Asia/Shanghai"));
  }

  /** A licence the room declared: its type, number and last valid day. */
  public record Licence(String type, String number, LocalDate validUntil) {
    public Licence {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(number, "number");
    }
  }

  /**
   * What is known of a room when it is checked.
   *
   * @param lastConfirmedViolation the last finding of a confirmed lead, or {@code null}
   * @param precheckedScripts scripts pre-checked in the last {@code cleanDays} days
   * @param categories the product categories it sells
   * @param trainingCompleted the day compliance training was completed, or {@code null}
   */
  public record Facts(
      Instant lastConfirmedViolation,
      int precheckedScripts,
      Set<String> categories,
      List<Licence> licences,
      LocalDate trainingCompleted) {
    public Facts {
      categories = Set.copyOf(categories);
      licences = List.copyOf(licences);
    }
  }

  /** The outcome of one criterion, with what a person needs to know. */
  public record Check(String criterion, boolean passed, String detail) {}

  /** Evaluates every criterion at {@code now}. */
  public List<Check> evaluate(Facts facts, Instant now) {
    List<Check> checks = new ArrayList<>();
    Instant cleanSince = now.minus(Duration.ofDays(cleanDays));
    Instant last = facts.lastConfirmedViolation();
    checks.add(
        new Check(
            "clean_days",
            last == null || last.isBefore(cleanSince),
            last == null
                ? "no confirmed violation"
                : "last confirmed violation " + LocalDate.ofInstant(last, zone)));
    checks.add(
        new Check(
            "prechecked_scripts",
            facts.precheckedScripts() >= minPrecheckedScripts,
            facts.precheckedScripts() + " of " + minPrecheckedScripts + " scripts pre-checked"));
    LocalDate today = LocalDate.ofInstant(now, zone);
    Set<String> required = new TreeSet<>(requiredLicences.getOrDefault("*", Set.of()));
    for (String c : facts.categories()) {
      required.addAll(requiredLicences.getOrDefault(c, Set.of()));
    }
    Set<String> missing = new TreeSet<>(required);
    for (Licence l : facts.licences()) {
      if (l.validUntil() == null || !l.validUntil().isBefore(today)) {
        missing.remove(l.type());
      }
    }
    checks.add(
        new Check(
            "licences",
            missing.isEmpty(),
            missing.isEmpty()
                ? "all of " + required + " valid"
                : "missing or expired: " + missing));
    LocalDate trained = facts.trainingCompleted();
    boolean trainedOk =
        trained != null
            && !trained.isAfter(today)
            && !trained.plusDays(trainingValidity.toDays()).isBefore(today);
    checks.add(
        new Check(
            "training",
            trainedOk,
            trained == null ? "no training recorded" : "training completed " + trained));
    return checks;
  }

  /** Whether every check passed. */
  public static boolean passed(List<Check> checks) {
    return checks.stream().allMatch(Check::passed);
  }
}
