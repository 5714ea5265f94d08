package io.liveguard.detect.price;

import io.liveguard.detect.Channel;
import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.event.Payload.PriceSource;
import io.liveguard.detect.model.Hit;
import io.liveguard.detect.model.Scoped;
import io.liveguard.detect.model.SnapshotInput;
import io.liveguard.detect.model.SnapshotOutput;
import io.liveguard.detect.model.Utterance;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The price model (明码标价和禁止价格欺诈规定, 2022): keeps each listing's price history per room and raises
 * fictitious original prices (art. 16 para. 2, 19(3)), raised-then-discounted prices (art. 17),
 * spoken prices lower than the price charged (art. 19(2)), fake time limits (a "仅限今天" price still
 * charged on a later day), lowest-price claims contradicted by a lower price elsewhere, and prices
 * below a cost reference.
 *
 * <p>Days and reference windows are Asia/Shanghai calendar days. Observations may arrive out of
 * order; each history is kept in instant order. Claims that later events can contradict wait for
 * them: bait 30 minutes, lowest price 24 hours, time limits {@value #TIME_LIMIT_DAYS} days. Not
 * thread-safe: one instance per analyzer.
 */
public final class PriceModel {

  /** 虚构原价. */
  public static final String FICTITIOUS = "PRICE-FICTITIOUS-ORIGINAL";

  /** 先涨后降. */
  public static final String RAISE_THEN_CUT = "PRICE-RAISE-THEN-CUT";

  /** 低价诱骗，高价结算. */
  public static final String BAIT = "PRICE-BAIT";

  /** 虚假限时. */
  public static final String TIME_LIMIT = "PRICE-FAKE-TIME-LIMIT";

  /** 全网最低价 contradicted. */
  public static final String LOWEST = "PRICE-LOWEST-CONTRADICTED";

  /** Below the cost reference. */
  public static final String BELOW_COST = "PRICE-BELOW-COST";

  /** Days a time-limit claim waits for a later day's price. */
  public static final int TIME_LIMIT_DAYS = 7;

  /** A raise of at least this fraction of the raised price counts as significant (art. 17). */
  private static final BigDecimal SIGNIFICANT_RAISE = new BigDecimal("0.10");

  private static final Duration BAIT_WAIT = Duration.ofMinutes(30);
  private static final Duration BAIT_LISTING_SLACK = Duration.ofMinutes(10);
  private static final Duration LOWEST_WAIT = Duration.ofHours(24);
  private static final BigDecimal CENT = new BigDecimal("0.005");

  private final Map<String, PriceHistory> histories = new HashMap<>();
  private final Map<String, List<Pending>> pending = new HashMap<>();
  private final Set<String> belowCostReported = new HashSet<>();

  /** The rule ids this model raises. */
  public static Set<String> rules() {
    return Set.of(FICTITIOUS, RAISE_THEN_CUT, BAIT, TIME_LIMIT, LOWEST, BELOW_COST);
  }

  private record Pending(
      String scope,
      PriceClaims.Kind kind,
      Utterance u,
      PriceClaims.Claim claim,
      BigDecimal price,
      String priceEvent) {}

  /**
   * Writes this model's state (histories, waiting claims, below-cost days reported) for {@link
   * #read}; keys in sorted order, so equal states give equal bytes.
   */
  public void write(SnapshotOutput out) {
    out.writeInt(histories.size());
    for (Map.Entry<String, PriceHistory> e : new TreeMap<>(histories).entrySet()) {
      out.writeString(e.getKey());
      List<Observation> all = e.getValue().all();
      out.writeInt(all.size());
      for (Observation o : all) {
        out.writeInstant(o.at());
        out.writeDecimal(o.price());
        out.writeString(o.source().name());
        out.writeString(o.event());
        out.writeString(o.seller());
      }
    }
    out.writeInt(pending.size());
    for (Map.Entry<String, List<Pending>> e : new TreeMap<>(pending).entrySet()) {
      out.writeString(e.getKey());
      out.writeInt(e.getValue().size());
      for (Pending p : e.getValue()) {
        out.writeString(p.scope);
        out.writeString(p.kind.name());
        out.writeUtterance(p.u);
        out.writeString(p.claim.kind().name());
        out.writeDecimal(p.claim.price());
        out.writeInt(p.claim.begin());
        out.writeInt(p.claim.end());
        out.writeDecimal(p.price);
        out.writeString(p.priceEvent);
      }
    }
    out.writeInt(belowCostReported.size());
    for (String k : new TreeSet<>(belowCostReported)) {
      out.writeString(k);
    }
  }

  /**
   * Reads the state {@link #write} wrote into this model, which must be new.
   *
   * @throws IllegalArgumentException if the bytes are not such a state
   * @throws IllegalStateException if this model already holds state
   */
  public void read(SnapshotInput in) {
    if (!histories.isEmpty() || !pending.isEmpty() || !belowCostReported.isEmpty()) {
      throw new IllegalStateException("a price model restores into a new model only");
    }
    for (int i = in.readCount(8), h = 0; h < i; h++) {
      String key = in.readRequiredString("price history key");
      List<Observation> all = histories.computeIfAbsent(key, k -> new PriceHistory()).all();
      for (int n = in.readCount(8), j = 0; j < n; j++) {
        Instant at = in.readRequiredInstant("observation time");
        BigDecimal price = in.readDecimal();
        PriceSource source = in.readEnum(PriceSource.class);
        String event = in.readRequiredString("observation event");
        all.add(new Observation(at, price, source, event, in.readString()));
      }
    }
    for (int i = in.readCount(8), k = 0; k < i; k++) {
      String key = in.readRequiredString("pending key");
      List<Pending> list = new ArrayList<>();
      for (int n = in.readCount(8), j = 0; j < n; j++) {
        String scope = in.readRequiredString("pending scope");
        PriceClaims.Kind kind = in.readEnum(PriceClaims.Kind.class);
        Utterance u = in.readUtterance();
        PriceClaims.Claim claim =
            new PriceClaims.Claim(
                in.readEnum(PriceClaims.Kind.class), in.readDecimal(), in.readInt(), in.readInt());
        BigDecimal price = in.readDecimal();
        list.add(new Pending(scope, kind, u, claim, price, in.readString()));
      }
      pending.put(key, list);
    }
    for (int n = in.readCount(4), j = 0; j < n; j++) {
      belowCostReported.add(in.readRequiredString("below-cost key"));
    }
  }

  /** The price history of a listing key, or null. */
  public PriceHistory history(String key) {
    return histories.get(key);
  }

  /** Number of listing histories held. */
  public int size() {
    return histories.size();
  }

  /**
   * Records a price event.
   *
   * @param scope the caller's key of the session the event belongs to
   * @param key the listing key (platform, room and listing)
   */
  public List<Scoped> observe(String scope, String key, Observation o) {
    histories.computeIfAbsent(key, k -> new PriceHistory()).add(o);
    List<Scoped> out = new ArrayList<>();
    List<Pending> waiting = pending.getOrDefault(key, List.of());
    for (Iterator<Pending> it = waiting.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      Hit h = resolve(p, o);
      if (h != null) {
        out.add(new Scoped(p.scope, h));
        it.remove();
      }
    }
    if (o.charged() || o.source() == PriceSource.COST) {
      belowCost(scope, key, o, out);
    }
    expire(key, o.at());
    return out;
  }

  /** Records a listing snapshot: its price, and its struck-through original price as a claim. */
  public List<Scoped> listing(
      String scope, String key, String event, Instant at, Payload.Listing l) {
    List<Scoped> out =
        new ArrayList<>(
            observe(scope, key, new Observation(at, l.price(), PriceSource.LISTING, event, null)));
    if (l.originalPrice() != null && l.originalPrice().compareTo(l.price()) > 0) {
      Hit h =
          original(key, l.originalPrice(), l.price(), null, event, at, Channel.LISTING, 0, 0, "");
      if (h != null) {
        out.add(new Scoped(scope, h));
      }
    }
    return out;
  }

  /** Checks the price claims of an utterance about the listing {@code key}. */
  public List<Scoped> utterance(String scope, String key, Utterance u) {
    List<PriceClaims.Claim> claims = PriceClaims.find(u.text());
    if (claims.isEmpty()) {
      return List.of();
    }
    PriceHistory h = histories.computeIfAbsent(key, k -> new PriceHistory());
    BigDecimal spoken = null;
    for (PriceClaims.Claim c : claims) {
      if (c.kind() == PriceClaims.Kind.CURRENT || c.kind() == PriceClaims.Kind.NET) {
        spoken = c.price();
      }
    }
    Observation charged = h.chargedAt(u.at());
    BigDecimal now = spoken != null ? spoken : charged != null ? charged.price() : null;
    List<Scoped> out = new ArrayList<>();
    for (PriceClaims.Claim c : claims) {
      String matched = u.text().substring(c.begin(), c.end());
      switch (c.kind()) {
        case ORIGINAL -> {
          if (now != null && c.price().compareTo(now) > 0) {
            Hit hit =
                original(
                    key,
                    c.price(),
                    now,
                    u,
                    u.event(),
                    u.at(),
                    u.channel(),
                    c.begin(),
                    c.end(),
                    matched);
            if (hit != null) {
              out.add(new Scoped(scope, hit));
            }
          }
        }
        case CURRENT, NET -> {
          Pending p = new Pending(scope, c.kind(), u, c, c.price(), null);
          Hit hit = null;
          for (Observation o : h.all()) {
            if ((hit = resolve(p, o)) != null) {
              break;
            }
          }
          if (hit != null) {
            out.add(new Scoped(scope, hit));
          } else {
            wait(key, p);
          }
        }
        case TIME_LIMIT -> {
          if (now != null) {
            wait(
                key,
                new Pending(
                    scope, c.kind(), u, c, now, spoken != null ? u.event() : charged.event()));
          }
        }
        case LOWEST -> {
          if (now != null) {
            Pending p =
                new Pending(
                    scope, c.kind(), u, c, now, spoken != null ? u.event() : charged.event());
            Hit hit = null;
            for (Observation o : h.all()) {
              if ((hit = resolve(p, o)) != null) {
                break;
              }
            }
            if (hit != null) {
              out.add(new Scoped(scope, hit));
            } else {
              wait(key, p);
            }
          }
        }
      }
    }
    expire(key, u.at());
    return out;
  }

  /**
   * Adds a claim to wait for later prices, unless the same claim (kind, words, price, session and
   * Beijing day) already waits: a streamer repeating 仅限今天 all evening is one claim, and the lists
   * stay bounded by distinct claims.
   */
  private void wait(String key, Pending p) {
    List<Pending> list = pending.computeIfAbsent(key, k -> new ArrayList<>());
    if (p.kind == PriceClaims.Kind.CURRENT || p.kind == PriceClaims.Kind.NET) {
      list.add(p); // waits 30 minutes only
      return;
    }
    LocalDate day = LocalDate.ofInstant(p.u.at(), Event.CHINA);
    String words = p.u.text().substring(p.claim.begin(), p.claim.end());
    for (Pending q : list) {
      if (q.kind == p.kind
          && q.scope.equals(p.scope)
          && q.price.compareTo(p.price) == 0
          && LocalDate.ofInstant(q.u.at(), Event.CHINA).equals(day)
          && q.u.text().substring(q.claim.begin(), q.claim.end()).equals(words)) {
        return;
      }
    }
    list.add(p);
  }

  /** A claimed original price against the history: 先涨后降 first, else 虚构原价; null if honest. */
  private Hit original(
      String key,
      BigDecimal claimed,
      BigDecimal now,
      Utterance u,
      String event,
      Instant at,
      Channel channel,
      int begin,
      int end,
      String matched) {
    PriceHistory h = histories.get(key);
    if (h == null) {
      return null;
    }
    String source = u != null ? u.source() + "「" + matched + "」" : "商品划线价 " + plain(claimed);
    Instant start = PriceHistory.windowStart(at);
    // 先涨后降: a price at least the claimed original, reached by a significant raise from a price
    // no higher than today's, within the window or earlier today.
    Observation low = null;
    for (Observation o : h.all()) {
      if (!o.charged() || o.at().isBefore(start) || !o.at().isBefore(at)) {
        continue;
      }
      if (low == null || o.price().compareTo(low.price()) < 0) {
        low = o;
      }
      if (low != null
          && o.price().compareTo(claimed.multiply(new BigDecimal("0.99"))) >= 0
          && o.price().subtract(low.price()).compareTo(o.price().multiply(SIGNIFICANT_RAISE)) >= 0
          && now.compareTo(low.price()) >= 0) {
        return new Hit(
            RAISE_THEN_CUT,
            channel,
            begin,
            end,
            matched,
            "原价" + plain(claimed),
            source
                + "；"
                + day(low.at())
                + " 价格 "
                + plain(low.price())
                + "，"
                + day(o.at())
                + " 提高至 "
                + plain(o.price())
                + "，现价 "
                + plain(now)
                + "（不低于提价前价格）",
            List.of(event, low.event(), o.event()),
            at);
      }
    }
    Observation ref = h.reference(at);
    if (ref == null || claimed.compareTo(ref.price()) <= 0) {
      return null;
    }
    boolean inWindow = !ref.at().isBefore(start);
    return new Hit(
        FICTITIOUS,
        channel,
        begin,
        end,
        matched,
        "原价" + plain(claimed),
        source
            + "；"
            + (inWindow
                ? "前七日（"
                    + day(start)
                    + "至"
                    + day(PriceHistory.windowEnd(at).minusSeconds(1))
                    + "，北京时间）内最低价 "
                : "前七日内无成交，此前最后价格（" + day(ref.at()) + "）")
            + plain(ref.price())
            + "（"
            + ref.source().id()
            + "）",
        List.of(event, ref.event()),
        at);
  }

  /** Whether observation {@code o} contradicts a waiting claim; the hit, or null. */
  private static Hit resolve(Pending p, Observation o) {
    Utterance u = p.u;
    String matched = u.text().substring(p.claim.begin(), p.claim.end());
    switch (p.kind) {
      case CURRENT, NET -> {
        boolean checkout = o.source() == PriceSource.CHECKOUT;
        boolean listingNear =
            o.source() == PriceSource.LISTING
                && p.kind == PriceClaims.Kind.CURRENT
                && !o.at().isBefore(u.at().minus(BAIT_LISTING_SLACK))
                && !o.at().isAfter(u.at().plus(BAIT_LISTING_SLACK));
        boolean checkoutAfter =
            checkout && !o.at().isBefore(u.at()) && !o.at().isAfter(u.at().plus(BAIT_WAIT));
        if ((listingNear || checkoutAfter) && o.price().compareTo(p.price.add(CENT)) > 0) {
          return new Hit(
              BAIT,
              u.channel(),
              p.claim.begin(),
              p.claim.end(),
              matched,
              "口播价" + plain(p.price),
              u.source()
                  + "「"
                  + matched
                  + "」；"
                  + (checkout ? "实际结算价 " : "商品页面价格 ")
                  + plain(o.price())
                  + "（"
                  + time(o.at())
                  + "）",
              List.of(u.event(), o.event()),
              o.at().isAfter(u.at()) ? o.at() : u.at());
        }
        return null;
      }
      case TIME_LIMIT -> {
        LocalDate claimDay = LocalDate.ofInstant(u.at(), Event.CHINA);
        LocalDate seen = LocalDate.ofInstant(o.at(), Event.CHINA);
        if (o.charged() && seen.isAfter(claimDay) && o.price().compareTo(p.price) <= 0) {
          return new Hit(
              TIME_LIMIT,
              u.channel(),
              p.claim.begin(),
              p.claim.end(),
              matched,
              "限时:" + matched,
              u.source()
                  + "「"
                  + matched
                  + "」（"
                  + claimDay
                  + "，价格 "
                  + plain(p.price)
                  + "）；"
                  + seen
                  + " 价格仍为 "
                  + plain(o.price()),
              p.priceEvent == null || p.priceEvent.equals(u.event())
                  ? List.of(u.event(), o.event())
                  : List.of(u.event(), p.priceEvent, o.event()),
              o.at());
        }
        return null;
      }
      case LOWEST -> {
        boolean near =
            !o.at().isBefore(u.at().minus(LOWEST_WAIT))
                && !o.at().isAfter(u.at().plus(LOWEST_WAIT));
        if (o.source() == PriceSource.ELSEWHERE && near && o.price().compareTo(p.price) < 0) {
          return new Hit(
              LOWEST,
              u.channel(),
              p.claim.begin(),
              p.claim.end(),
              matched,
              "全网最低价",
              u.source()
                  + "「"
                  + matched
                  + "」（本直播间 "
                  + plain(p.price)
                  + "）；"
                  + (o.seller() != null ? o.seller() + " " : "他处 ")
                  + "价格 "
                  + plain(o.price())
                  + "（"
                  + time(o.at())
                  + "）",
              p.priceEvent == null || p.priceEvent.equals(u.event())
                  ? List.of(u.event(), o.event())
                  : List.of(u.event(), p.priceEvent, o.event()),
              o.at().isAfter(u.at()) ? o.at() : u.at());
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private void belowCost(String scope, String key, Observation o, List<Scoped> out) {
    PriceHistory h = histories.get(key);
    Observation cost = o.source() == PriceSource.COST ? o : h.costAt(o.at());
    Observation sold = o.charged() ? o : h.chargedAt(o.at());
    if (cost == null || sold == null || sold.price().compareTo(cost.price()) >= 0) {
      return;
    }
    if (Duration.between(cost.at(), sold.at()).abs().compareTo(PriceHistory.RETENTION) > 0) {
      return;
    }
    if (!belowCostReported.add(key + "|" + LocalDate.ofInstant(sold.at(), Event.CHINA))) {
      return;
    }
    out.add(
        new Scoped(
            scope,
            new Hit(
                BELOW_COST,
                Channel.LISTING,
                0,
                0,
                "",
                "低于成本",
                "售价 "
                    + plain(sold.price())
                    + "（"
                    + sold.source().id()
                    + "）低于成本参考 "
                    + plain(cost.price()),
                List.of(sold.event(), cost.event()),
                sold.at().isAfter(cost.at()) ? sold.at() : cost.at())));
  }

  private void expire(String key, Instant now) {
    List<Pending> list = pending.get(key);
    if (list == null) {
      return;
    }
    list.removeIf(
        p ->
            switch (p.kind) {
              case TIME_LIMIT -> p.u.at().plus(Duration.ofDays(TIME_LIMIT_DAYS + 1)).isBefore(now);
              case LOWEST -> p.u.at().plus(LOWEST_WAIT).isBefore(now);
              default -> p.u.at().plus(BAIT_WAIT).isBefore(now);
            });
    if (list.isEmpty()) {
      pending.remove(key);
    }
  }

  private static String plain(BigDecimal v) {
    return v.stripTrailingZeros().toPlainString();
  }

  private static String day(Instant at) {
    return LocalDate.ofInstant(at, Event.CHINA).toString();
  }

  private static String time(Instant at) {
    return at.atZone(Event.CHINA).toLocalDateTime().toString().replace('T', ' ');
  }
}
