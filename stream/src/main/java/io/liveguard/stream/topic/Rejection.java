package io.liveguard.stream.topic;

/**
 * A record of the events topic that the job could not read, kept so that nothing acknowledged is
 * lost: it goes to {@link Topics#REJECTED} with its position, the reason and the original bytes.
 *
 * @param topic the topic it was read from
 * @param partition its partition
 * @param offset its offset
 * @param reason what is wrong, naming the field, in a form an operator can act on
 * @param value the original value, Base64
 */
public record Rejection(String topic, int partition, long offset, String reason, String value) {}
