package io.liveguard.evidence.timestamp;

import io.liveguard.evidence.log.Rfc6962;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Verifies an RFC 3161 time-stamp token offline: the CMS signature by one of the trusted TSA
 * certificates (with the critical timeStamping extended key usage, RFC 3161 §2.3), and a SHA-256
 * message imprint equal to the digest of the stamped data. Outcomes are values.
 */
public final class TimestampVerifier {

  private TimestampVerifier() {}

  /**
   * The outcome of checking a token.
   *
   * @param valid whether every check passed
   * @param genTime the time the TSA asserted (null when the token did not parse)
   * @param tsa the subject of the certificate that signed, or null
   * @param reason why it failed, or "ok"
   */
  public record Result(boolean valid, Instant genTime, String tsa, String reason) {}

  /** Checks {@code tokenDer} over {@code data} against the {@code trusted} TSA certificates. */
  public static Result verify(byte[] tokenDer, byte[] data, List<X509Certificate> trusted) {
    TimeStampToken token;
    try {
      token = new TimeStampToken(new CMSSignedData(tokenDer));
    } catch (CMSException | TSPException | IOException | RuntimeException e) {
      return new Result(false, null, null, "not a DER RFC 3161 TimeStampToken: " + e.getMessage());
    }
    Instant genTime = token.getTimeStampInfo().getGenTime().toInstant();
    try {
      // Unsigned parts of the CMS structure (e.g. embedded certificates) are not covered by the
      // signature: require DER and certificates that are trusted or signed by a known one.
      if (!Arrays.equals(token.toCMSSignedData().getEncoded("DER"), tokenDer)) {
        return new Result(false, genTime, null, "token is not DER-encoded (altered?)");
      }
      String structure = structureProblem(tokenDer);
      if (structure != null) {
        return new Result(false, genTime, null, structure);
      }
      String bad = embeddedCertificateProblem(token, trusted);
      if (bad != null) {
        return new Result(false, genTime, null, bad);
      }
    } catch (IOException | RuntimeException e) {
      return new Result(false, genTime, null, "token structure is damaged: " + e.getMessage());
    }
    if (!NISTObjectIdentifiers.id_sha256.equals(
        token.getTimeStampInfo().getMessageImprintAlgOID())) {
      return new Result(false, genTime, null, "message imprint is not SHA-256");
    }
    byte[] want = Rfc6962.sha256().digest(data);
    if (!Arrays.equals(want, token.getTimeStampInfo().getMessageImprintDigest())) {
      return new Result(false, genTime, null, "token was issued for different data");
    }
    for (X509Certificate c : trusted) {
      try {
        X509CertificateHolder h = new X509CertificateHolder(c.getEncoded());
        if (!token.getSID().match(h)) {
          continue;
        }
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(c));
        return new Result(true, genTime, c.getSubjectX500Principal().getName(), "ok");
      } catch (TSPException | RuntimeException e) {
        return new Result(
            false, genTime, c.getSubjectX500Principal().getName(), "invalid: " + e.getMessage());
      } catch (OperatorCreationException | IOException | java.security.GeneralSecurityException e) {
        return new Result(false, genTime, null, "cannot check the TSA certificate: " + e);
      }
    }
    return new Result(false, genTime, null, "token is not signed by a trusted TSA certificate");
  }

  /**
   * What is wrong with the CMS envelope around the signed time-stamp, or null. The signature covers
   * only the TSTInfo and the signed attributes, and a DER check alone accepts any well-formed
   * bytes, so a changed content type, version, digest-algorithm list or tag (the signed attributes
   * moved to [1], the certificates to the CRL slot) would still verify. The token must equal its
   * re-encoding from the typed parts — content type signed-data, the versions RFC 5652 prescribes
   * for what it holds, the signed attributes under [0] — its digest algorithms must be exactly its
   * signer's, its signer's algorithms may carry no parameters but NULL (RSASSA-PSS aside), and
   * anything in the CRL slot must be a CRL.
   */
  static String structureProblem(byte[] tokenDer) throws IOException {
    ContentInfo ci = ContentInfo.getInstance(ASN1Primitive.fromByteArray(tokenDer));
    if (!CMSObjectIdentifiers.signedData.equals(ci.getContentType())) {
      return "token is not a CMS signed-data structure (altered?)";
    }
    SignedData sd = SignedData.getInstance(ci.getContent());
    ASN1Set signers = sd.getSignerInfos();
    if (signers.size() != 1) {
      return "token has " + signers.size() + " signers; a time-stamp token has one";
    }
    SignerInfo si = SignerInfo.getInstance(signers.getObjectAt(0));
    ASN1Set digests = sd.getDigestAlgorithms();
    if (digests.size() != 1
        || !AlgorithmIdentifier.getInstance(digests.getObjectAt(0))
            .equals(si.getDigestAlgorithm())) {
      return "token's digest algorithms are not its signer's (altered?)";
    }
    for (AlgorithmIdentifier a :
        List.of(si.getDigestAlgorithm(), si.getDigestEncryptionAlgorithm())) {
      // no digest or signature algorithm a TSA uses takes parameters other than NULL, except
      // RSASSA-PSS; a verifier ignores them, so a changed parameter would go unnoticed
      ASN1Encodable params = a.getParameters();
      if (params != null
          && !DERNull.INSTANCE.equals(params)
          && !PKCSObjectIdentifiers.id_RSASSA_PSS.equals(a.getAlgorithm())) {
        return "token's algorithm parameters are not the standard ones (altered?)";
      }
    }
    if (sd.getCRLs() != null) {
      for (ASN1Encodable crl : sd.getCRLs()) {
        try {
          CertificateList.getInstance(crl);
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
          return "token's revocation lists are not CRLs (altered?)";
        }
      }
    }
    SignerInfo typed =
        new SignerInfo(
            si.getSID(),
            si.getDigestAlgorithm(),
            si.getAuthenticatedAttributes(),
            si.getDigestEncryptionAlgorithm(),
            si.getEncryptedDigest(),
            si.getUnauthenticatedAttributes());
    SignedData rebuilt =
        new SignedData(
            new DERSet(si.getDigestAlgorithm()),
            sd.getEncapContentInfo(),
            sd.getCertificates(),
            sd.getCRLs(),
            new DERSet(typed));
    byte[] again =
        new ContentInfo(CMSObjectIdentifiers.signedData, rebuilt).getEncoded(ASN1Encoding.DER);
    if (!Arrays.equals(again, tokenDer)) {
      return "token's CMS structure differs from its standard encoding (altered?)";
    }
    return null;
  }

  private static String embeddedCertificateProblem(
      TimeStampToken token, List<X509Certificate> trusted) throws IOException {
    List<X509CertificateHolder> embedded = new java.util.ArrayList<>();
    for (Object o : token.getCertificates().getMatches(null)) {
      embedded.add((X509CertificateHolder) o);
    }
    List<X509CertificateHolder> known = new java.util.ArrayList<>(embedded);
    for (X509Certificate t : trusted) {
      try {
        known.add(new X509CertificateHolder(t.getEncoded()));
      } catch (java.security.cert.CertificateEncodingException e) {
        throw new IOException(e);
      }
    }
    for (X509CertificateHolder c : embedded) {
      if (known.subList(embedded.size(), known.size()).contains(c)) {
        continue;
      }
      boolean signed = false;
      for (X509CertificateHolder issuer : known) {
        if (!issuer.getSubject().equals(c.getIssuer())) {
          continue;
        }
        try {
          if (c.isSignatureValid(
              new org.bouncycastle.cert.jcajce.JcaX509ContentVerifierProviderBuilder()
                  .build(issuer))) {
            signed = true;
            break;
          }
        } catch (org.bouncycastle.cert.CertException | OperatorCreationException e) {
          // try the next candidate issuer
        }
      }
      if (!signed) {
        return "token carries certificate "
            + c.getSubject()
            + " that is neither trusted nor signed by a known certificate (altered?)";
      }
    }
    return null;
  }
}
