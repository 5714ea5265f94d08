package io.liveguard.evidence.timestamp;

import java.io.IOException;

/**
 * A source of RFC 3161 time-stamp tokens: a remote TSA over HTTP or a local authority.
 *
 * <p>Implementations are thread-safe.
 */
public interface TimestampSource {

  /**
   * Returns the DER-encoded {@code TimeStampToken} over {@code SHA-256(data)}, checked against the
   * request (status granted, same imprint, same nonce).
   */
  byte[] stamp(byte[] data) throws IOException;

  /** Returns a description of the authority for reports, e.g. its URL or certificate subject. */
  String describe();
}
