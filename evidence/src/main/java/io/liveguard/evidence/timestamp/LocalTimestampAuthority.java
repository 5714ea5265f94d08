package io.liveguard.evidence.timestamp;

import io.liveguard.evidence.OwnerOnlyFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Date;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * A local RFC 3161 time-stamp authority (BouncyCastle) with an ECDSA P-256 key and a self-signed
 * certificate kept in a directory; it starts no network service. Its tokens prove only what the
 * local clock said, and a report must say so; a real TSA is configured with {@link
 * HttpTimestampClient}.
 *
 * <p>Thread-safe.
 */
public final class LocalTimestampAuthority implements TimestampSource {

  /** The TSA policy OID in local tokens: a UUID-based OID (ITU-T X.667), no registration needed. */
  public static final String POLICY_OID = "2.25.151492127512425096316424218718458262538";

  private final PrivateKey key;
  private final X509Certificate cert;
  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();

  private LocalTimestampAuthority(PrivateKey key, X509Certificate cert, InstantSource clock) {
    this.key = key;
    this.cert = cert;
    this.clock = clock;
  }

  /**
   * Loads the authority from {@code dir} ({@code tsa.key}, {@code tsa.crt}), generating a key and a
   * 20-year certificate named {@code subject} on first use; the key file is owner-only.
   */
  public static LocalTimestampAuthority openOrCreate(Path dir, String subject, InstantSource clock)
      throws IOException {
    Path keyFile = dir.resolve("tsa.key");
    Path certFile = dir.resolve("tsa.crt");
    try {
      if (!Files.exists(keyFile)) {
        Files.createDirectories(dir);
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = g.generateKeyPair();
        X509Certificate c = selfSigned(kp, subject, clock.instant());
        writePrivate(keyFile, new PemObject("PRIVATE KEY", kp.getPrivate().getEncoded()));
        Files.writeString(certFile, pem(new PemObject("CERTIFICATE", c.getEncoded())));
      }
      PrivateKey k =
          KeyFactory.getInstance("EC")
              .generatePrivate(new PKCS8EncodedKeySpec(readPem(keyFile, "PRIVATE KEY")));
      X509Certificate c = parseCertificate(Files.readAllBytes(certFile));
      return new LocalTimestampAuthority(k, c, clock);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IOException("cannot set up the local TSA in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Returns the TSA certificate that verifies this authority's tokens. */
  public X509Certificate certificate() {
    return cert;
  }

  @Override
  public byte[] stamp(byte[] data) throws IOException {
    TimeStampRequest req = Rfc3161.request(data);
    return Rfc3161.tokenFrom(req, respond(req.getEncoded()));
  }

  /** Answers a DER {@code TimeStampReq} with a DER {@code TimeStampResp}, as a TSA server would. */
  public byte[] respond(byte[] requestDer) throws IOException {
    try {
      TimeStampRequest req = new TimeStampRequest(requestDer);
      TimeStampTokenGenerator tg =
          new TimeStampTokenGenerator(
              new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", key, cert),
              new JcaDigestCalculatorProviderBuilder()
                  .build()
                  .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
              new ASN1ObjectIdentifier(POLICY_OID));
      tg.addCertificates(new org.bouncycastle.cert.jcajce.JcaCertStore(java.util.List.of(cert)));
      TimeStampResponseGenerator rg = new TimeStampResponseGenerator(tg, TSPAlgorithms.ALLOWED);
      TimeStampResponse resp =
          rg.generate(req, new BigInteger(64, random), Date.from(clock.instant()));
      return resp.getEncoded();
    } catch (GeneralSecurityException | OperatorCreationException | TSPException e) {
      throw new IOException("local TSA failed: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "local BouncyCastle TSA " + cert.getSubjectX500Principal().getName();
  }

  private static X509Certificate selfSigned(KeyPair kp, String subject, Instant now)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    X500Name name = new X500Name("CN=" + subject.replace(",", " ") + ",O=LiveGuard local TSA");
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name,
            new BigInteger(64, new SecureRandom()),
            Date.from(now.minus(Duration.ofMinutes(5))),
            Date.from(now.plus(Duration.ofDays(365L * 20))),
            name,
            kp.getPublic());
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    b.addExtension(
        Extension.keyUsage,
        true,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
    b.addExtension(
        Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
    X509CertificateHolder h =
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
    return new JcaX509CertificateConverter().getCertificate(h);
  }

  /** Parses a PEM or DER X.509 certificate. */
  public static X509Certificate parseCertificate(byte[] pemOrDer) throws IOException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new java.io.ByteArrayInputStream(pemOrDer));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IOException("not an X.509 certificate: " + e.getMessage(), e);
    }
  }

  /** Returns a certificate in PEM form. */
  public static String pem(X509Certificate c) throws IOException {
    try {
      return pem(new PemObject("CERTIFICATE", c.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static String pem(PemObject o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return w.toString();
  }

  private static void writePrivate(Path file, PemObject o) throws IOException {
    OwnerOnlyFiles.writeNew(file, pem(o), StandardCharsets.US_ASCII);
  }

  private static byte[] readPem(Path file, String type) throws IOException {
    try (PemReader r = new PemReader(new StringReader(Files.readString(file)))) {
      PemObject o = r.readPemObject();
      if (o == null || !o.getType().equals(type)) {
        throw new IOException(file + ": expected a PEM " + type);
      }
      return o.getContent();
    }
  }
}
