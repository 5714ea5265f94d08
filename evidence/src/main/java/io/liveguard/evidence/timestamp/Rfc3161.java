package io.liveguard.evidence.timestamp;

import io.liveguard.evidence.log.Rfc6962;
import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/** Builds RFC 3161 requests and checks responses against them; shared by the TSA clients. */
final class Rfc3161 {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Rfc3161() {}

  static TimeStampRequest request(byte[] data) {
    TimeStampRequestGenerator g = new TimeStampRequestGenerator();
    g.setCertReq(true);
    byte[] digest = Rfc6962.sha256().digest(data);
    return g.generate(NISTObjectIdentifiers.id_sha256, digest, new BigInteger(63, RANDOM));
  }

  static byte[] tokenFrom(TimeStampRequest req, byte[] responseDer) throws IOException {
    try {
      TimeStampResponse resp = new TimeStampResponse(responseDer);
      resp.validate(req);
      if (resp.getTimeStampToken() == null) {
        throw new IOException(
            "TSA refused the request: status "
                + resp.getStatus()
                + (resp.getStatusString() == null ? "" : " (" + resp.getStatusString() + ")"));
      }
      byte[] imprint = resp.getTimeStampToken().getTimeStampInfo().getMessageImprintDigest();
      if (!Arrays.equals(imprint, req.getMessageImprintDigest())) {
        throw new IOException("TSA answered for a different digest");
      }
      return resp.getTimeStampToken().getEncoded();
    } catch (TSPException e) {
      throw new IOException("TSA response does not match the request: " + e.getMessage(), e);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IOException("TSA response is not a DER TimeStampResp: " + e.getMessage(), e);
    }
  }
}
