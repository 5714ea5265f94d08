package io.liveguard.detect.event;

import java.util.Locale;

/** The live-commerce platform an event comes from; {@link #OTHER} for any platform not listed. */
public enum Platform {
  /** 抖音. */
  DOUYIN("抖音"),
  /** 快手. */
  KUAISHOU("快手"),
  /** 淘宝直播 (including 天猫). */
  TAOBAO("淘宝"),
  /** 小红书. */
  XIAOHONGSHU("小红书"),
  /** 拼多多. */
  PINDUODUO("拼多多"),
  /** 微信视频号. */
  WEIXIN_CHANNELS("视频号"),
  /** 京东. */
  JD("京东"),
  /** 哔哩哔哩. */
  BILIBILI("哔哩哔哩"),
  /** 微博. */
  WEIBO("微博"),
  /** 得物. */
  DEWU("得物"),
  /** 美团. */
  MEITUAN("美团"),
  /** Any other platform. */
  OTHER("其他");

  private final String zh;

  Platform(String zh) {
    this.zh = zh;
  }

  /** The identifier used in events: the lower-case name ({@code weixin_channels}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Chinese name shown to users. */
  public String zh() {
    return zh;
  }

  /** The platform with this identifier, or null if there is none. */
  public static Platform byId(String id) {
    for (Platform p : values()) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    return null;
  }
}
