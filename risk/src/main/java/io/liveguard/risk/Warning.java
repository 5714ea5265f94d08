package io.liveguard.risk;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An early warning (预警): one rule fired for one subject. It stays open — escalating when the rule
 * fires again at a higher tier — until an officer acknowledges it.
 *
 * @param id the store's id, or 0 before it is stored
 * @param rule the warning rule id ({@code score}, {@code findings_jump}, {@code banned_streamer},
 *     {@code mcn_counterfeit})
 * @param tier the highest tier the rule reached
 * @param facts what made the rule fire, for people (values as text)
 * @param rooms the rooms whose monitoring priority the warning raises
 * @param raisedAt when the rule first fired
 * @param lastTriggeredAt when the rule last fired (keeps the priority raised, see {@link
 *     WarningRules#priorityHold()})
 * @param acknowledgedAt when an officer acknowledged it, or {@code null} while open
 * @param acknowledgedBy who acknowledged it, or {@code null}
 */
public record Warning(
    long id,
    String rule,
    Subject subject,
    Tier tier,
    Map<String, String> facts,
    Set<Long> rooms,
    Instant raisedAt,
    Instant lastTriggeredAt,
    Instant acknowledgedAt,
    String acknowledgedBy) {

  public Warning {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tier, "tier");
    facts = Map.copyOf(facts);
    rooms = Set.copyOf(rooms);
    Objects.requireNonNull(raisedAt, "raisedAt");
    Objects.requireNonNull(lastTriggeredAt, "lastTriggeredAt");
  }

  public boolean open() {
    return acknowledgedAt == null;
  }

  public Warning withId(long newId) {
    return new Warning(
        newId,
        rule,
        subject,
        tier,
        facts,
        rooms,
        raisedAt,
        lastTriggeredAt,
        acknowledgedAt,
        acknowledgedBy);
  }

  Warning escalated(Tier t, Map<String, String> newFacts, Set<Long> newRooms, Instant at) {
    return new Warning(
        id, rule, subject, t, newFacts, newRooms, raisedAt, at, acknowledgedAt, acknowledgedBy);
  }

  Warning retriggered(Instant at) {
    return new Warning(
        id, rule, subject, tier, facts, rooms, raisedAt, at, acknowledgedAt, acknowledgedBy);
  }

  /** This warning acknowledged by {@code officer} at {@code at}. */
  public Warning acknowledged(String officer, Instant at) {
    if (!open()) {
      throw new IllegalStateException("warning " + id + " is already acknowledged");
    }
    return new Warning(
        id, rule, subject, tier, facts, rooms, raisedAt, lastTriggeredAt, at, officer);
  }

  /** What a signal did to the warnings: raised a new one or escalated an open one. */
  public sealed interface Change {
    Warning warning();
  }

  /** A new warning. */
  public record Raised(Warning warning) implements Change {}

  /** An open warning reached a higher tier. */
  public record Escalated(Warning warning, Tier from) implements Change {}
}
