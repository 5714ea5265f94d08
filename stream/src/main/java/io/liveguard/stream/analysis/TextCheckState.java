package io.liveguard.stream.analysis;

/**
 * The per-room state of {@link TextCheckAnalyzer}: a few fields, well under a kilobyte.
 *
 * @param session the session the state belongs to
 * @param events events analysed in this session
 * @param product the product category of the last listing shown, or {@code null}
 * @param lastAt event time of the last event, epoch milliseconds
 */
public record TextCheckState(String session, long events, String product, long lastAt) {}
