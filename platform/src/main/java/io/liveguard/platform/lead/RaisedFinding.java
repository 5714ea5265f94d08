package io.liveguard.platform.lead;

import io.liveguard.detect.Finding;
import java.time.Instant;

/**
 * A finding the live analysis raised on a stored event, with what evidence must fix.
 *
 * @param text the text the finding's offsets refer to (the transcript window, the title …)
 * @param listingSnapshot the latest listing event of the session as JSON, or null
 * @param priceHistory the session's price observations as a JSON array, or null
 * @param media a reference to the media slice (digest or URI), or null when there is none
 * @param eventBody the stored JSON of event {@code eventSeq} when the caller has it at hand, or
 *     null (the evidence recorder then reads it)
 */
public record RaisedFinding(
    long eventSeq,
    String eventId,
    String platform,
    String room,
    String session,
    Instant at,
    Finding finding,
    String text,
    String listingSnapshot,
    String priceHistory,
    String media,
    String eventBody) {

  /** A finding whose event body the evidence recorder reads from the event table. */
  public RaisedFinding(
      long eventSeq,
      String eventId,
      String platform,
      String room,
      String session,
      Instant at,
      Finding finding,
      String text,
      String listingSnapshot,
      String priceHistory,
      String media) {
    this(
        eventSeq,
        eventId,
        platform,
        room,
        session,
        at,
        finding,
        text,
        listingSnapshot,
        priceHistory,
        media,
        null);
  }
}
