package io.liveguard.detect.model;

import io.liveguard.detect.Channel;
import java.time.Instant;

/**
 * A text said, shown or listed in a session: a transcript segment, a line of screen text, a chat
 * message or a listing title.
 *
 * @param event the id of the event carrying the text
 * @param channel where it came from
 * @param text the original text
 * @param at when
 */
public record Utterance(String event, Channel channel, String text, Instant at) {

  /** The Chinese label of the channel, as used in evidence: 口播, 画面文字 … */
  public String source() {
    return channel.zh();
  }
}
