package io.liveguard.detect.event;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an {@link Event} says happened: one record per {@link EventType}. Every constructor checks
 * its limits and throws {@link IllegalArgumentException} naming the JSON field.
 */
public sealed interface Payload
    permits Payload.Transcript,
        Payload.ScreenText,
        Payload.Chat,
        Payload.Listing,
        Payload.Price,
        Payload.Sales,
        Payload.SessionStarted,
        Payload.SessionEnded,
        Payload.PkStarted,
        Payload.PkEnded,
        Payload.StoreStatus,
        Payload.Script {

  /** The event type this payload belongs to. */
  EventType type();

  /**
   * A transcript segment: words said between two offsets of the session's media.
   *
   * @param text the words, up to 10,000 characters
   * @param startMs start within the session, milliseconds, at least 0
   * @param endMs end within the session, milliseconds, at least {@code startMs}
   * @param confidence the recognizer's confidence in [0, 1], or null if unknown
   * @param engine the recognizer ({@code funasr}, {@code vosk}, {@code platform} …), or null
   */
  record Transcript(String text, long startMs, long endMs, Double confidence, String engine)
      implements Payload {
    public Transcript {
      Checks.text("text", text, true);
      if (startMs < 0) {
        throw Checks.bad("start_ms", "must not be negative, was " + startMs);
      }
      if (endMs < startMs) {
        throw Checks.bad("end_ms", "must not be before start_ms (" + startMs + "), was " + endMs);
      }
      if (confidence != null && !(confidence >= 0 && confidence <= 1)) {
        throw Checks.bad("confidence", "must lie in [0, 1], was " + confidence);
      }
      Checks.label("engine", engine, false);
    }

    @Override
    public EventType type() {
      return EventType.TRANSCRIPT;
    }
  }

  /**
   * Text read from a frame.
   *
   * @param text the text, up to 10,000 characters
   * @param box where it stands on the frame, or null
   * @param frame a reference to the frame (digest or URI, up to 128 characters), or null
   */
  record ScreenText(String text, Box box, String frame) implements Payload {
    public ScreenText {
      Checks.text("text", text, true);
      Checks.label("frame", frame, false);
    }

    @Override
    public EventType type() {
      return EventType.SCREEN_TEXT;
    }
  }

  /**
   * A rectangle on a frame in pixels: left, top, width, height.
   *
   * @param x left edge, at least 0
   * @param y top edge, at least 0
   * @param w width, at least 1
   * @param h height, at least 1
   */
  record Box(int x, int y, int w, int h) {
    public Box {
      if (x < 0 || y < 0 || w < 1 || h < 1) {
        throw Checks.bad(
            "box",
            "must be [x, y, w, h] with x, y ≥ 0 and w, h ≥ 1, was ["
                + x
                + ", "
                + y
                + ", "
                + w
                + ", "
                + h
                + "]");
      }
    }

    /** The box as {@code [x, y, w, h]}. */
    public List<Integer> asList() {
      return List.of(x, y, w, h);
    }
  }

  /**
   * A chat message in the room.
   *
   * @param user the sender's nickname or id, up to 128 characters
   * @param text the message, up to 10,000 characters
   */
  record Chat(String user, String text) implements Payload {
    public Chat {
      Checks.label("user", user, true);
      Checks.text("text", text, true);
    }

    @Override
    public EventType type() {
      return EventType.CHAT;
    }
  }

  /**
   * A snapshot of a listing (商品) as the room shows it.
   *
   * @param listing the listing id
   * @param title the title, up to 10,000 characters
   * @param attributes attribute name to value as the listing states them (成分 → 100%棉), at most 200,
   *     insertion order kept; names up to 64 characters, values up to 1,000
   * @param price the price charged now, CNY
   * @param originalPrice the struck-through "original" price shown (划线价), or null
   * @param category the product category id ({@code apparel}, {@code cosmetics} …), or null
   * @param shop the shop (店铺) name or id, or null
   * @param brand the brand as the listing states it, or null
   */
  record Listing(
      String listing,
      String title,
      Map<String, String> attributes,
      BigDecimal price,
      BigDecimal originalPrice,
      String category,
      String shop,
      String brand)
      implements Payload {
    public Listing {
      Checks.id("listing", listing);
      Checks.text("title", title, false);
      attributes = attributes == null ? Map.of() : copyAttributes(attributes);
      Checks.money("price", price, true);
      Checks.money("original_price", originalPrice, false);
      Checks.category("category", category);
      Checks.label("shop", shop, false);
      Checks.label("brand", brand, false);
    }

    private static Map<String, String> copyAttributes(Map<String, String> in) {
      if (in.size() > Checks.MAX_ATTRIBUTES) {
        throw Checks.bad(
            "attributes", "has " + in.size() + " entries; the limit is " + Checks.MAX_ATTRIBUTES);
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : in.entrySet()) {
        String k = e.getKey();
        String v = e.getValue();
        if (k == null || k.isBlank() || k.length() > Checks.MAX_ATTRIBUTE_NAME) {
          throw Checks.bad(
              "attributes",
              "names must be 1–" + Checks.MAX_ATTRIBUTE_NAME + " characters, was " + quoted(k));
        }
        if (v == null) {
          throw Checks.bad("attributes." + k, "must be a string");
        }
        if (v.length() > Checks.MAX_ATTRIBUTE_VALUE) {
          throw Checks.bad(
              "attributes." + k,
              "has " + v.length() + " characters; the limit is " + Checks.MAX_ATTRIBUTE_VALUE);
        }
        out.put(k, v);
      }
      return Collections.unmodifiableMap(out);
    }

    private static String quoted(String s) {
      return s == null ? "null" : Checks.quote(s, 70);
    }

    @Override
    public EventType type() {
      return EventType.LISTING;
    }
  }

  /** Where a price was observed. */
  enum PriceSource {
    /** On this room's listing page (what the room charges). */
    LISTING,
    /** At checkout, after discounts (what the buyer pays). */
    CHECKOUT,
    /** For the same product elsewhere (another shop or platform); {@code seller} says where. */
    ELSEWHERE,
    /** A cost reference (purchase or production cost) for below-cost checks. */
    COST;

    /** The identifier used in events: the lower-case name. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The source with this identifier, or null. */
    public static PriceSource byId(String id) {
      for (PriceSource s : values()) {
        if (s.id().equals(id)) {
          return s;
        }
      }
      return null;
    }
  }

  /**
   * An observed price of a listing.
   *
   * @param listing the listing id
   * @param price the amount, CNY, at most two decimal places
   * @param currency always {@code CNY}
   * @param source where it was observed
   * @param seller for {@link PriceSource#ELSEWHERE}: the other shop or platform, or null
   */
  record Price(String listing, BigDecimal price, String currency, PriceSource source, String seller)
      implements Payload {
    public Price {
      Checks.id("listing", listing);
      Checks.money("price", price, true);
      if (!"CNY".equals(currency)) {
        throw Checks.bad("currency", "must be CNY, was " + currency);
      }
      if (source == null) {
        throw Checks.bad("source", "is required (listing, checkout, elsewhere or cost)");
      }
      Checks.label("seller", seller, false);
    }

    @Override
    public EventType type() {
      return EventType.PRICE;
    }
  }

  /**
   * A snapshot of sales and audience.
   *
   * @param listing the listing id, or null for the whole room
   * @param count the cumulative number of items sold so far in the session, at least 0
   * @param viewers viewers in the room at this instant, or null if unknown
   */
  record Sales(String listing, long count, Long viewers) implements Payload {
    public Sales {
      Checks.optionalId("listing", listing);
      if (count < 0) {
        throw Checks.bad("count", "must not be negative, was " + count);
      }
      if (viewers != null && viewers < 0) {
        throw Checks.bad("viewers", "must not be negative, was " + viewers);
      }
    }

    @Override
    public EventType type() {
      return EventType.SALES;
    }
  }

  /** The session started. */
  record SessionStarted() implements Payload {
    @Override
    public EventType type() {
      return EventType.SESSION_STARTED;
    }
  }

  /** The session ended. */
  record SessionEnded() implements Payload {
    @Override
    public EventType type() {
      return EventType.SESSION_ENDED;
    }
  }

  /**
   * A PK battle (连麦PK) started.
   *
   * @param opponent the other room, or null if unknown
   */
  record PkStarted(String opponent) implements Payload {
    public PkStarted {
      Checks.label("opponent", opponent, false);
    }

    @Override
    public EventType type() {
      return EventType.PK_STARTED;
    }
  }

  /** A PK battle ended. */
  record PkEnded() implements Payload {
    @Override
    public EventType type() {
      return EventType.PK_ENDED;
    }
  }

  /**
   * The shop's or room's status changed.
   *
   * @param status the new status as the platform names it ({@code suspended}, {@code closed} …), up
   *     to 128 characters
   */
  record StoreStatus(String status) implements Payload {
    public StoreStatus {
      Checks.label("status", status, true);
    }

    @Override
    public EventType type() {
      return EventType.STORE_STATUS;
    }
  }

  /**
   * A live script submitted for pre-check.
   *
   * @param text the script, up to 10,000 characters
   * @param category the product category id, or null
   */
  record Script(String text, String category) implements Payload {
    public Script {
      Checks.text("text", text, false);
      Checks.category("category", category);
    }

    @Override
    public EventType type() {
      return EventType.SCRIPT;
    }
  }
}
