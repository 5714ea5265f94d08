package io.liveguard.risk;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The credit rating (信用评级) of an enterprise or streamer from the outcomes of its cases, as
 * documented in docs/risk.md: start at 100; each outcome within {@code fullWindow} deducts its
 * points, one older but within {@code halfWindow} half of them, older ones nothing; a verified
 * rectification halves the deduction of its order. Grade A ≥ {@code gradeA}, B ≥ {@code gradeB}, C
 * ≥ {@code gradeC}, otherwise D; a subject on the blacklist is D whatever its score.
 */
public record CreditRules(
    Map<Disposal, Integer> points,
    Duration fullWindow,
    Duration halfWindow,
    int gradeA,
    int gradeB,
    int gradeC) {

  /** The credit grades, best first. */
  public enum Grade {
    A("诚信"),
    B("良好"),
    C("警示"),
    D("失信");

    private final String zh;

    Grade(String zh) {
      this.zh = zh;
    }

    public String zh() {
      return zh;
    }
  }

  /**
   * One case outcome of the subject.
   *
   * @param decision the source decision (e.g. {@code lead:42} or a decision document number)
   * @param rectified whether an order to rectify was verified as done
   */
  public record CaseOutcome(Disposal outcome, String decision, Instant at, boolean rectified) {
    public CaseOutcome {
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(at, "at");
    }
  }

  /** One deduction of a rating, with its reason. */
  public record Deduction(
      Disposal outcome, String decision, Instant at, double points, String why) {}

  /** A rating: the grade, the score (0 … 100) and every deduction. */
  public record Rating(Grade grade, double score, List<Deduction> deductions, boolean blacklisted) {
    public Rating {
      deductions = List.copyOf(deductions);
    }
  }

  public CreditRules {
    points = Map.copyOf(points);
    for (Disposal o : Disposal.values()) {
      Integer p = points.get(o);
      if (p == null || p < 0) {
        throw new IllegalArgumentException("points of " + o.id() + " must be ≥ 0: " + p);
      }
    }
    if (fullWindow.isNegative() || halfWindow.compareTo(fullWindow) < 0) {
      throw new IllegalArgumentException(
          "windows must satisfy 0 ≤ full ≤ half: " + fullWindow + ", " + halfWindow);
    }
    if (!(100 >= gradeA && gradeA > gradeB && gradeB > gradeC && gradeC > 0)) {
      throw new IllegalArgumentException(
          "grade thresholds must fall: " + gradeA + ", " + gradeB + ", " + gradeC);
    }
  }

  /** The defaults documented in docs/risk.md. */
  public static CreditRules defaults() {
    Map<Disposal, Integer> p = new EnumMap<>(Disposal.class);
    p.put(Disposal.GUIDANCE, 2);
    p.put(Disposal.INTERVIEW, 5);
    p.put(Disposal.RECTIFICATION_ORDER, 10);
    p.put(Disposal.CASE_FILED, 20);
    p.put(Disposal.TRANSFER, 30);
    return new CreditRules(p, Duration.ofDays(365), Duration.ofDays(3 * 365), 90, 75, 60);
  }

  /** Rates a subject at {@code now} from its outcomes and whether it is blacklisted now. */
  public Rating rate(List<CaseOutcome> outcomes, boolean blacklisted, Instant now) {
    double score = 100;
    List<Deduction> ds = new ArrayList<>();
    for (CaseOutcome c : outcomes) {
      Duration age = Duration.between(c.at(), now);
      if (age.compareTo(halfWindow) > 0) {
        continue;
      }
      double p = points.get(c.outcome());
      String why = "within " + fullWindow.toDays() + " days";
      if (age.compareTo(fullWindow) > 0) {
        p /= 2;
        why = "older than " + fullWindow.toDays() + " days: half";
      }
      if (c.rectified() && c.outcome() == Disposal.RECTIFICATION_ORDER) {
        p /= 2;
        why += ", rectification verified: half";
      }
      if (p > 0) {
        ds.add(new Deduction(c.outcome(), c.decision(), c.at(), p, why));
        score -= p;
      }
    }
    score = Math.max(0, score);
    Grade g;
    if (blacklisted) {
      g = Grade.D;
    } else if (score >= gradeA) {
      g = Grade.A;
    } else if (score >= gradeB) {
      g = Grade.B;
    } else if (score >= gradeC) {
      g = Grade.C;
    } else {
      g = Grade.D;
    }
    return new Rating(g, score, ds, blacklisted);
  }
}
