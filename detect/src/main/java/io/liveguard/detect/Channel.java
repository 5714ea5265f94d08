package io.liveguard.detect;

import java.util.Locale;

/** Where a piece of text came from; rules apply to a subset of channels. */
public enum Channel {
  /** Words a streamer said, from ASR or a platform's transcript. */
  SPEECH("口播"),
  /** Text shown on screen (banners, stickers, price tags), from OCR. */
  SCREEN("画面文字"),
  /** A listing's title and detail. */
  LISTING("商品信息"),
  /** A chat message in the room. */
  CHAT("弹幕评论"),
  /** A live script submitted for pre-check. */
  SCRIPT("直播脚本");

  private final String zh;

  Channel(String zh) {
    this.zh = zh;
  }

  /** The identifier used in rule files, the CLI and the API: the lower-case name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Chinese label shown to users. */
  public String zh() {
    return zh;
  }

  /**
   * Parses a channel identifier as written in rule files and on the command line.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Channel parse(String id) {
    for (Channel c : values()) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown channel \"" + id + "\" (expected speech, screen, listing, chat or script)");
  }
}
