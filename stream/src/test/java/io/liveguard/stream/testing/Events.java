package io.liveguard.stream.testing;

import io.liveguard.detect.FindingJson;
import io.liveguard.stream.topic.EventReader;
import io.liveguard.stream.topic.EventRecord;
import io.liveguard.stream.topic.EventRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Event JSON in the ingest API's shape ({@code docs/events.schema.json}), for tests. */
public final class Events {

  /** 2025-11-08T12:00:00Z, a Saturday evening in Shanghai. */
  public static final long T0 = Instant.parse("2025-11-08T12:00:00Z").toEpochMilli();

  private Events() {}

  /** A text event of {@code type} ({@code transcript}, {@code chat}, {@code screen_text} …). */
  public static String text(
      String type, String id, String room, String session, long at, String t) {
    StringBuilder b = common(type, id, room, session, at);
    if (type.equals("chat")) {
      b.append(",\"user\":\"观众\"");
    }
    b.append(",\"text\":");
    FindingJson.string(b, t);
    if (type.equals("transcript")) {
      b.append(",\"start_ms\":0,\"end_ms\":1000");
    }
    return b.append('}').toString();
  }

  /** A listing event with a title and a product category. */
  public static String listing(
      String id, String room, String session, long at, String title, String category) {
    StringBuilder b = common("listing", id, room, session, at);
    b.append(",\"listing\":\"L-1\",\"title\":");
    FindingJson.string(b, title);
    b.append(",\"price\":99,\"category\":");
    FindingJson.string(b, category);
    return b.append('}').toString();
  }

  /** An event with no text, e.g. {@code session_ended}. */
  public static String bare(String type, String id, String room, String session, long at) {
    return common(type, id, room, session, at).append('}').toString();
  }

  /** Reads a JSON value as the job does. */
  public static EventRecord record(String json) {
    try {
      return EventReader.read(json.getBytes(StandardCharsets.UTF_8));
    } catch (EventRejectedException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static final String[] SAYINGS = {
    "这款面膜是全网最低价，家人们赶紧下单",
    "我们家的产品销量第一，国家级品质",
    "今天给大家讲讲这件衣服的面料，纯棉的很舒服",
    "这个是最好的，没有之一",
    "欢迎新进来的宝宝们，点点关注",
    "限时秒杀，只剩最后十单了",
    "顶级工艺，绝对正品",
    "这个颜色很适合秋天穿",
  };

  /**
   * A replay of live sessions: {@code rooms} rooms, each a session of {@code perRoom} events in
   * time order (speech, chat, screen text and listings, some with violations), interleaved across
   * rooms as they would arrive. Seeded, so every run sends the same events.
   */
  public static List<String> sessions(int rooms, int perRoom, long seed) {
    Random random = new Random(seed);
    List<List<String>> byRoom = new ArrayList<>();
    for (int r = 0; r < rooms; r++) {
      List<String> events = new ArrayList<>();
      String room = "r-" + (8800 + r);
      String session = "s-" + r;
      long at = T0 + r * 7L;
      for (int i = 0; i < perRoom; i++) {
        at += 200 + random.nextInt(2_000);
        String id = "e-" + r + "-" + i;
        String saying = SAYINGS[random.nextInt(SAYINGS.length)];
        events.add(
            switch (random.nextInt(10)) {
              case 0 -> listing(id, room, session, at, "顶级纯棉T恤 " + i, "apparel");
              case 1, 2 -> text("chat", id, room, session, at, saying);
              case 3 -> text("screen_text", id, room, session, at, saying);
              default -> text("transcript", id, room, session, at, saying);
            });
      }
      byRoom.add(events);
    }
    List<String> out = new ArrayList<>();
    int[] next = new int[rooms];
    int left = rooms * perRoom;
    while (left > 0) {
      int r = random.nextInt(rooms);
      if (next[r] < perRoom) {
        out.add(byRoom.get(r).get(next[r]++));
        left--;
      }
    }
    return out;
  }

  private static StringBuilder common(
      String type, String id, String room, String session, long at) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"id\":");
    FindingJson.string(b, id);
    b.append(",\"type\":");
    FindingJson.string(b, type);
    b.append(",\"platform\":\"douyin\",\"room\":");
    FindingJson.string(b, room);
    b.append(",\"session\":");
    FindingJson.string(b, session);
    b.append(",\"at\":");
    FindingJson.string(b, Instant.ofEpochMilli(at).toString());
    return b;
  }
}
