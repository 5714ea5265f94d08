package io.liveguard.media.event;

import io.liveguard.detect.event.Event;
import io.liveguard.detect.event.EventJson;
import io.liveguard.detect.event.Payload;
import io.liveguard.detect.event.Platform;
import io.liveguard.media.ocr.Box;
import io.liveguard.media.ocr.PriceTags;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An event the media pipeline produces, written as one line of the ingest format ({@code
 * docs/events.md}): a {@link Transcript} of what was said or a {@link ScreenText} read from a
 * frame.
 *
 * <p>The pipeline's own records (they also carry media time and parsed prices); {@link #toEvent}
 * turns them into the shared event model and {@link #toJson} writes its JSON line.
 */
public sealed interface MediaEvent {

  /** Identifier characters allowed by the ingest format. */
  Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** Where and when: ids, platform, room, session and the instant the words were said or shown. */
  record Origin(String platform, String room, String session) {
    public Origin {
      if (Platform.byId(Objects.requireNonNull(platform, "platform")) == null) {
        throw new IllegalArgumentException(
            "unknown platform \"" + platform + "\" (douyin, kuaishou, taobao, …, other)");
      }
      if (!ID.matcher(room).matches() || !ID.matcher(session).matches()) {
        throw new IllegalArgumentException(
            "room/session ids must match " + ID + ": " + room + ", " + session);
      }
    }
  }

  String id();

  Origin origin();

  Instant at();

  String text();

  /** A transcript segment: media time {@code [startMillis, endMillis)} of the session. */
  record Transcript(
      String id,
      Origin origin,
      Instant at,
      String text,
      long startMillis,
      long endMillis,
      double confidence,
      String engine)
      implements MediaEvent {}

  /**
   * A line of screen text: its box in frame pixels, the digest of the frame, and the price tags
   * read in it (emitted as {@link PriceShown} events when the listing on sale is known).
   */
  record ScreenText(
      String id,
      Origin origin,
      Instant at,
      String text,
      Box box,
      String frame,
      long mediaMillis,
      List<PriceTags.PriceTag> prices)
      implements MediaEvent {
    public ScreenText {
      prices = List.copyOf(prices);
    }
  }

  /**
   * A price shown on screen, as a {@code price} observation of the listing on sale (source {@code
   * listing}: what the room shows), so that the session analyzer's price model sees it.
   *
   * @param listing the listing on sale when it was shown
   * @param price the amount, CNY
   * @param screenText the id of the screen-text event it was read from
   */
  record PriceShown(
      String id, Origin origin, Instant at, String listing, BigDecimal price, String screenText)
      implements MediaEvent {
    public PriceShown {
      Objects.requireNonNull(price, "price");
    }

    @Override
    public String text() {
      return "¥" + price.toPlainString();
    }
  }

  /** The event of the shared event model ({@code io.liveguard.detect.event}). */
  default Event toEvent() {
    Payload payload;
    if (this instanceof PriceShown p) {
      payload = new Payload.Price(p.listing(), p.price(), "CNY", Payload.PriceSource.LISTING, null);
    } else if (this instanceof Transcript t) {
      payload =
          new Payload.Transcript(
              t.text(),
              t.startMillis(),
              t.endMillis(),
              Double.isNaN(t.confidence()) ? null : t.confidence(),
              t.engine());
    } else {
      ScreenText s = (ScreenText) this;
      Box x = s.box();
      payload =
          new Payload.ScreenText(
              s.text(),
              new Payload.Box(x.x(), x.y(), Math.max(1, x.width()), Math.max(1, x.height())),
              s.frame());
    }
    return new Event(
        id(),
        Platform.byId(origin().platform()),
        origin().room(),
        origin().session(),
        at(),
        payload);
  }

  /** The event as one JSON object of the ingest format ({@link EventJson#write}). */
  default String toJson() {
    return EventJson.write(toEvent());
  }
}
