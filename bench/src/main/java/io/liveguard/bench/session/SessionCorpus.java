package io.liveguard.bench.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic mix of live sessions as JSONL events (the ingest format): per session a listing
 * snapshot every few minutes, price observations, speech (60 %), screen text (15 %), chat (15 %)
 * and sales snapshots with viewer counts, PK battles on some rooms; speech mixes ordinary selling
 * talk with material, price, counterfeit and PK claims in realistic proportions.
 */
final class SessionCorpus {

  private static final String[] SPEECH = {
    "家人们晚上好，欢迎来到直播间，今天给大家带来几款好物",
    "这件T恤是纯棉的，透气吸汗，夏天穿特别舒服",
    "这件是天丝的，穿着特别凉快，冰冰凉凉",
    "原价一百九十九，今天直播间只要九十九",
    "这个价格仅限今天，最后一波了，拍完就没有了",
    "尺码从S到XXL都有，一百二十斤穿M就可以",
    "我们这个面霜是特字号的，美白效果很好",
    "这个包和原版一模一样，小香风，五金都是原厂的",
    "全网最低价，找不到比这更便宜的",
    "足足两斤，一共送你们两个保温杯",
    "家人们帮我拿下这一把，不买不是家人",
    "珍珠是海水珍珠，正圆无瑕，闭眼入",
    "扣子是18K金的，不是镀金，可以放心",
    "三号链接，三号链接，库存不多了，喜欢的抓紧拍",
    "有问题可以在评论区留言，客服会一一回复",
    "这款面膜补水保湿，温和不刺激，敏感肌也能用",
  };
  private static final String[] SCREEN = {
    "原价999 今天只要99", "到手价129", "仅限今天", "纯棉 透气", "买一送一", "正品保障 假一赔十", "3号链接 限时秒杀",
  };
  private static final String[] CHAT = {
    "主播多高多重", "是真的天丝吗", "已拍", "怎么还没发货", "能便宜点吗", "6666", "什么时候上新", "有没有小码",
  };
  private static final String[] ATTRIBUTES = {
    "{\"成分\":\"100%棉\",\"尺码\":\"S M L XL\"}",
    "{\"面料\":\"莱赛尔纤维(天丝)100%\"}",
    "{\"材质\":\"S925银镀金\"}",
    "{\"珍珠类型\":\"淡水珍珠\",\"形状\":\"近圆\",\"瑕疵\":\"微瑕\"}",
    "{\"备案号\":\"粤G妆网备字2021012345\"}",
    "{\"净含量\":\"500g\",\"赠品\":\"开口器\"}",
    "{}",
  };

  private SessionCorpus() {}

  /** {@code events} events over {@code rooms} rooms, one session each, fixed by {@code seed}. */
  static List<String> jsonl(int rooms, int events, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>(events);
    Instant start = Instant.parse("2025-11-08T12:00:00Z");
    long[] clock = new long[rooms];
    long[] sold = new long[rooms];
    boolean[] pk = new boolean[rooms];
    for (int i = 0; i < events; i++) {
      int room = r.nextInt(rooms);
      clock[room] += 1 + r.nextInt(4);
      String at = start.plusSeconds(clock[room]).toString();
      String head =
          "{\"id\":\"e"
              + i
              + "\",\"platform\":\""
              + (room % 3 == 0 ? "kuaishou" : "douyin")
              + "\",\"room\":\"r"
              + room
              + "\",\"session\":\"s1\",\"at\":\""
              + at
              + "\",\"type\":";
      String listing = "L" + room + "-" + (clock[room] / 600);
      int roll = r.nextInt(100);
      String line;
      if (clock[room] % 600 < 4 || roll < 2) {
        line =
            head
                + "\"listing\",\"listing\":\""
                + listing
                + "\",\"title\":\"直播间好物\",\"attributes\":"
                + ATTRIBUTES[r.nextInt(ATTRIBUTES.length)]
                + ",\"price\":"
                + (49 + r.nextInt(200))
                + ",\"category\":\"apparel\",\"shop\":\"店"
                + room
                + "\"}";
      } else if (roll < 62) {
        line =
            head
                + "\"transcript\",\"text\":\""
                + SPEECH[r.nextInt(SPEECH.length)]
                + "\",\"start_ms\":"
                + clock[room] * 1000
                + ",\"end_ms\":"
                + (clock[room] * 1000 + 3000)
                + ",\"confidence\":0.9,\"engine\":\"funasr\"}";
      } else if (roll < 77) {
        line = head + "\"screen_text\",\"text\":\"" + SCREEN[r.nextInt(SCREEN.length)] + "\"}";
      } else if (roll < 92) {
        line =
            head
                + "\"chat\",\"user\":\"u"
                + r.nextInt(10_000)
                + "\",\"text\":\""
                + CHAT[r.nextInt(CHAT.length)]
                + "\"}";
      } else if (roll < 97) {
        sold[room] += r.nextInt(30);
        line =
            head
                + "\"sales\",\"listing\":\""
                + listing
                + "\",\"count\":"
                + sold[room]
                + ",\"viewers\":"
                + (200 + r.nextInt(2000))
                + "}";
      } else if (roll < 99) {
        line =
            head
                + "\"price\",\"listing\":\""
                + listing
                + "\",\"price\":"
                + (39 + r.nextInt(200))
                + ",\"source\":\""
                + (r.nextBoolean() ? "checkout" : "elsewhere")
                + "\"}";
      } else {
        pk[room] = !pk[room];
        line = head + (pk[room] ? "\"pk_started\"}" : "\"pk_ended\"}");
      }
      out.add(line);
    }
    return out;
  }
}
