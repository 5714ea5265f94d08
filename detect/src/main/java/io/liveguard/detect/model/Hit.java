package io.liveguard.detect.model;

import io.liveguard.detect.Channel;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a session model raises: a model rule fired at one place, with the events it rests on. The
 * session analyzer turns it into a finding by adding the rule's category, severity, provisions and
 * suggestion.
 *
 * @param rule the model rule id (see {@code rules/models.yaml})
 * @param channel the channel of the text the span points into
 * @param begin first UTF-16 index of the span in that text
 * @param end one past the last index, half-open
 * @param matched the original characters of the span
 * @param term the canonical claim ({@code 天丝}, {@code 原价999}), for grouping
 * @param evidence both sides in Chinese: {@code 口播「天丝」；商品属性 成分=100%棉}
 * @param events ids of the events it rests on, the one holding the span first
 * @param at when the finding became certain (the latest event it rests on)
 */
public record Hit(
    String rule,
    Channel channel,
    int begin,
    int end,
    String matched,
    String term,
    String evidence,
    List<String> events,
    Instant at) {

  public Hit {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(channel, "channel");
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException("bad span [" + begin + ", " + end + ")");
    }
    events = List.copyOf(events);
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a hit rests on at least one event");
    }
  }
}
