package io.liveguard.risk;

import io.liveguard.risk.RiskScore.Contribution;
import io.liveguard.risk.Warning.Change;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Applies signals to the subjects' accruals and runs the early-warning rules; computes explainable
 * scores on demand.
 *
 * <p>Cost: {@link #apply} touches the signal's subject state (O(1)), the room's daily counts
 * ({@code baselineDays + 1} reads) and, for the score rule, the scores of the room and its
 * streamer's other rooms (O(rooms of the streamer)). {@link #score} reads the subject's state and
 * those of its linked subjects. Not thread-safe: the platform applies signals from one thread, in
 * one transaction each.
 *
 * <p>Design note: scores decay continuously ({@link SubjectState}), so a score read later is lower
 * without any write; warnings are evaluated when a signal arrives, which is when a score can rise.
 */
public final class RiskEngine {
  private final ScoringRules scoring;
  private final WarningRules rules;
  private final SubjectGraph graph;
  private final RiskStore store;

  public RiskEngine(ScoringRules scoring, WarningRules rules, SubjectGraph graph, RiskStore store) {
    this.scoring = Objects.requireNonNull(scoring, "scoring");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.graph = Objects.requireNonNull(graph, "graph");
    this.store = Objects.requireNonNull(store, "store");
  }

  public ScoringRules scoring() {
    return scoring;
  }

  public WarningRules rules() {
    return rules;
  }

  /** Applies one signal; returns the warnings it raised or escalated (possibly none). */
  public List<Change> apply(Signal signal) {
    accrue(signal);
    List<Change> changes = new ArrayList<>(2);
    if (signal instanceof Signal.FindingRaised f) {
      findingsJump(f, changes);
      counterfeitSpread(f, changes);
      scoreRule(f.room(), f.at(), changes);
    } else if (signal instanceof Signal.LeadConfirmed l) {
      scoreRule(l.room(), l.at(), changes);
    } else if (signal instanceof Signal.ComplaintFiled c) {
      if (c.subject().kind() == Subject.Kind.ROOM) {
        scoreRule(c.subject().id(), c.at(), changes);
      }
    } else if (signal instanceof Signal.StreamerAppeared a) {
      if (store.blacklisted(Subject.streamer(a.streamer()), a.at())) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("streamer", Long.toString(a.streamer()));
        facts.put("room", Long.toString(a.room()));
        raise(
            WarningRules.BANNED_STREAMER,
            Subject.room(a.room()),
            Tier.RED,
            facts,
            Set.of(a.room()),
            a.at(),
            changes);
      }
    }
    return changes;
  }

  /**
   * Applies only what the signal adds to the subjects' accruals, without running the warning rules:
   * a recomputation from history (after a restore, or a change of weights).
   */
  public void accrue(Signal signal) {
    if (signal instanceof Signal.FindingRaised f) {
      accrue(Subject.room(f.room()), severityReason(f.severity()), f.at());
    } else if (signal instanceof Signal.LeadConfirmed l) {
      Subject room = Subject.room(l.room());
      SubjectState s = stateOf(room);
      s.add(Reason.CONFIRMED_LEADS, 1, l.at(), scoring);
      if (s.confirmedLeads() > 0) {
        s.add(Reason.REPEAT_OFFENCES, 1, l.at(), scoring);
      }
      s.confirmedLead();
      store.put(room, s);
    } else if (signal instanceof Signal.ComplaintFiled c) {
      accrue(c.subject(), c.specific() ? Reason.SPECIFIC_COMPLAINTS : Reason.COMPLAINTS, c.at());
    }
  }

  private static Reason severityReason(Signal.Severity s) {
    return switch (s) {
      case NOTICE -> Reason.NOTICE_FINDINGS;
      case WARNING -> Reason.WARNING_FINDINGS;
      case SERIOUS -> Reason.SERIOUS_FINDINGS;
    };
  }

  private void accrue(Subject subject, Reason r, Instant at) {
    SubjectState s = stateOf(subject);
    s.add(r, 1, at, scoring);
    store.put(subject, s);
  }

  private SubjectState stateOf(Subject subject) {
    SubjectState s = store.state(subject);
    return s == null ? new SubjectState() : s;
  }

  private void findingsJump(Signal.FindingRaised f, List<Change> changes) {
    LocalDate day = LocalDate.ofInstant(f.at(), rules.zone());
    int today = store.addDailyFindings(f.room(), day, 1);
    long sum =
        store.dailyFindingsBetween(f.room(), day.minusDays(rules.baselineDays()), day.minusDays(1));
    double baseline = (double) sum / rules.baselineDays();
    Tier t = rules.jumpTier(today, baseline);
    if (t != null) {
      Map<String, String> facts = new LinkedHashMap<>();
      facts.put("day", day.toString());
      facts.put("findings", Integer.toString(today));
      facts.put("baseline", String.format(java.util.Locale.ROOT, "%.2f", baseline));
      raise(
          WarningRules.FINDINGS_JUMP,
          Subject.room(f.room()),
          t,
          facts,
          Set.of(f.room()),
          f.at(),
          changes);
    }
  }

  private void counterfeitSpread(Signal.FindingRaised f, List<Change> changes) {
    if (f.cue() == null || !WarningRules.COUNTERFEIT_FAMILY.equals(f.family())) {
      return;
    }
    OptionalLong streamer = graph.streamerOf(f.room());
    if (streamer.isEmpty()) {
      return;
    }
    OptionalLong mcn = graph.mcnOf(streamer.getAsLong());
    if (mcn.isEmpty()) {
      return;
    }
    store.sightCue(mcn.getAsLong(), f.cue(), f.room(), f.at());
    Set<Long> rooms =
        store.roomsWithCue(mcn.getAsLong(), f.cue(), f.at().minus(rules.cueWindow()), f.at());
    Tier t = rules.cueTier(rooms.size());
    if (t != null) {
      Map<String, String> facts = new LinkedHashMap<>();
      facts.put("cue", f.cue());
      facts.put("rooms", Integer.toString(rooms.size()));
      raise(
          WarningRules.MCN_COUNTERFEIT,
          Subject.enterprise(mcn.getAsLong()),
          t,
          facts,
          rooms,
          f.at(),
          changes);
    }
  }

  /** The room's score moved, and so did those of its streamer's other rooms (the link). */
  private void scoreRule(long room, Instant at, List<Change> changes) {
    scoreRuleFor(room, at, changes);
    OptionalLong streamer = graph.streamerOf(room);
    if (streamer.isPresent()) {
      for (long other : graph.roomsOfStreamer(streamer.getAsLong())) {
        if (other != room) {
          scoreRuleFor(other, at, changes);
        }
      }
    }
  }

  private void scoreRuleFor(long room, Instant at, List<Change> changes) {
    RiskScore s = score(Subject.room(room), at);
    Tier t = rules.scoreTier(s.score());
    if (t == null) {
      return;
    }
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("score", Integer.toString(s.score()));
    facts.put("raw", String.format(java.util.Locale.ROOT, "%.2f", s.raw()));
    if (!s.contributions().isEmpty()) {
      facts.put("top_reason", s.contributions().get(0).reason().id());
    }
    raise(WarningRules.SCORE, Subject.room(room), t, facts, Set.of(room), at, changes);
  }

  private void raise(
      String rule,
      Subject subject,
      Tier tier,
      Map<String, String> facts,
      Set<Long> rooms,
      Instant at,
      List<Change> changes) {
    Optional<Warning> last = store.latestWarning(rule, subject);
    if (last.isPresent() && last.get().open()) {
      Warning w = last.get();
      if (tier.above(w.tier())) {
        Warning e = store.saveWarning(w.escalated(tier, facts, rooms, at));
        changes.add(new Warning.Escalated(e, w.tier()));
      } else if (at.isAfter(w.lastTriggeredAt())) {
        store.saveWarning(w.retriggered(at));
      }
      return;
    }
    if (last.isPresent()) {
      Warning w = last.get();
      boolean cooling = at.isBefore(w.acknowledgedAt().plus(rules.cooldown()));
      if (cooling && !tier.above(w.tier())) {
        return;
      }
    }
    Warning w =
        store.saveWarning(new Warning(0, rule, subject, tier, facts, rooms, at, at, null, null));
    changes.add(new Warning.Raised(w));
  }

  /** The subject's explainable score at {@code now}. */
  public RiskScore score(Subject subject, Instant now) {
    Objects.requireNonNull(now, "now");
    List<Contribution> cs = new ArrayList<>();
    double raw = own(subject, now, cs);
    switch (subject.kind()) {
      case ROOM -> {
        double factor = scoring.categoryFactor(graph.categoryOf(subject.id()));
        if (factor > 1 && raw > 0) {
          double extra = raw * (factor - 1);
          cs.add(new Contribution(Reason.CATEGORY, factor, raw, 1, extra));
          raw += extra;
        }
        OptionalLong streamer = graph.streamerOf(subject.id());
        if (streamer.isPresent()) {
          double linked = 0;
          long n = 0;
          for (long other : graph.roomsOfStreamer(streamer.getAsLong())) {
            if (other != subject.id()) {
              linked += roomBase(other, now);
              n++;
            }
          }
          raw += link(Reason.STREAMER_OTHER_ROOMS, linked, n, cs);
        }
      }
      case STREAMER -> {
        long[] rooms = graph.roomsOfStreamer(subject.id());
        double linked = 0;
        for (long r : rooms) {
          linked += roomBase(r, now);
        }
        raw += link(Reason.STREAMER_ROOMS, linked, rooms.length, cs);
        OptionalLong mcn = graph.mcnOf(subject.id());
        if (mcn.isPresent()) {
          double peers = 0;
          long n = 0;
          for (long s : graph.streamersOfMcn(mcn.getAsLong())) {
            if (s != subject.id()) {
              peers += streamerBase(s, now);
              n++;
            }
          }
          raw += link(Reason.MCN_PEERS, peers, n, cs);
        }
      }
      case ENTERPRISE -> {
        long[] rooms = graph.roomsOfEnterprise(subject.id());
        double linked = 0;
        for (long r : rooms) {
          linked += roomBase(r, now);
        }
        raw += link(Reason.OPERATED_ROOMS, linked, rooms.length, cs);
        long[] streamers = graph.streamersOfMcn(subject.id());
        double signed = 0;
        for (long s : streamers) {
          signed += streamerBase(s, now);
        }
        raw += link(Reason.MCN_STREAMERS, signed, streamers.length, cs);
      }
    }
    cs.sort(Comparator.comparingDouble(Contribution::points).reversed());
    return new RiskScore(subject, scoring.score(raw), raw, cs, now);
  }

  private double link(Reason r, double linked, long n, List<Contribution> cs) {
    double points = scoring.weight(r) * linked;
    if (points > 0) {
      cs.add(new Contribution(r, scoring.weight(r), linked, n, points));
    }
    return points;
  }

  private double own(Subject subject, Instant now, List<Contribution> cs) {
    SubjectState s = store.state(subject);
    if (s == null) {
      return 0;
    }
    double sum = 0;
    for (Reason r : Reason.ACCRUALS) {
      double amount = s.valueAt(r, now, scoring);
      if (amount > 0) {
        double points = scoring.weight(r) * amount;
        sum += points;
        if (cs != null) {
          cs.add(new Contribution(r, scoring.weight(r), amount, s.count(r), points));
        }
      }
    }
    return sum;
  }

  /** A room's own points times its category factor (what links pass on). */
  double roomBase(long room, Instant now) {
    return own(Subject.room(room), now, null) * scoring.categoryFactor(graph.categoryOf(room));
  }

  private double streamerBase(long streamer, Instant now) {
    double sum = own(Subject.streamer(streamer), now, null);
    double rooms = 0;
    for (long r : graph.roomsOfStreamer(streamer)) {
      rooms += roomBase(r, now);
    }
    return sum + scoring.weight(Reason.STREAMER_ROOMS) * rooms;
  }

  /**
   * The monitoring priority (1 … 5) a room's warnings ask for at {@code now}: the highest {@link
   * Tier#priority()} of those last triggered within the rules' priority hold, 1 without any.
   */
  public static int priority(Iterable<Warning> warningsOfRoom, Instant now, WarningRules rules) {
    int p = 1;
    for (Warning w : warningsOfRoom) {
      if (!now.isAfter(w.lastTriggeredAt().plus(rules.priorityHold()))) {
        p = Math.max(p, w.tier().priority());
      }
    }
    return p;
  }
}
