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
    String media) {}
