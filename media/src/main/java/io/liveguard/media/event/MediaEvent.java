package io.liveguard.media.event;

import io.liveguard.detect.FindingJson;
import io.liveguard.media.ocr.Box;
import io.liveguard.media.ocr.PriceTags;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An event the media pipeline produces, written as one line of the ingest format ({@code
 * docs/events.md}): a {@link Transcript} of what was said or a {@link ScreenText} read from a
 * frame.
 *
 * <p>Interim records until the shared event model ({@code io.liveguard.detect.event}) reaches this
 * branch; {@link #toJson} writes exactly the fields that format defines, so the lines already
 * ingest.
 */
public sealed interface MediaEvent {

  /** Identifier characters allowed by the ingest format. */
  Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** Where and when: ids, platform, room, session and the instant the words were said or shown. */
  record Origin(String platform, String room, String session) {
    public Origin {
      Objects.requireNonNull(platform, "platform");
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
   * read in it (kept for the price analyzers; the ingest format has no field for them yet).
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

  /** The event as one JSON object of the ingest format. */
  default String toJson() {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"id\":");
    FindingJson.string(b, id());
    b.append(",\"type\":\"")
        .append(this instanceof Transcript ? "transcript" : "screen_text")
        .append('"');
    b.append(",\"platform\":");
    FindingJson.string(b, origin().platform());
    b.append(",\"room\":");
    FindingJson.string(b, origin().room());
    b.append(",\"session\":");
    FindingJson.string(b, origin().session());
    b.append(",\"at\":\"")
        .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at().atOffset(ZoneOffset.ofHours(8))))
        .append('"');
    b.append(",\"text\":");
    FindingJson.string(b, text());
    if (this instanceof Transcript t) {
      b.append(",\"start_ms\":").append(t.startMillis());
      b.append(",\"end_ms\":").append(t.endMillis());
      if (!Double.isNaN(t.confidence())) {
        b.append(",\"confidence\":").append(String.format(Locale.ROOT, "%.3f", t.confidence()));
      }
      b.append(",\"engine\":");
      FindingJson.string(b, t.engine());
    } else if (this instanceof ScreenText s) {
      Box x = s.box();
      b.append(",\"box\":[")
          .append(x.x())
          .append(',')
          .append(x.y())
          .append(',')
          .append(Math.max(1, x.width()))
          .append(',')
          .append(Math.max(1, x.height()))
          .append(']');
      if (s.frame() != null) {
        b.append(",\"frame\":");
        FindingJson.string(b, s.frame());
      }
    }
    return b.append('}').toString();
  }
}
