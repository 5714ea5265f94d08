package io.liveguard.evidence.checkpoint;

import io.liveguard.evidence.log.Rfc6962;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * Signed-note keys: Ed25519 (type 0x01), SM2 with SM3 (国密, type 0xff + identifier) and Ed25519
 * witness cosignatures (type 0x04, c2sp.org/tlog-cosignature); generation, parsing of verifier keys
 * and of private keys in the {@code PRIVATE+KEY+<name>+<id>+<base64>} form.
 *
 * <p>SM2 has no assigned signed-note type byte, so it uses 0xff followed by the identifier {@value
 * #SM2_IDENTIFIER}, as the spec recommends; the public key is the 65-byte uncompressed point, the
 * signature the DER {@code SEQUENCE {r, s}} of GB/T 32918 SM2 with the default user ID.
 */
public final class NoteKeys {

  /** Type byte of Ed25519 note signatures. */
  public static final byte TYPE_ED25519 = 0x01;

  /** Type byte of timestamped Ed25519 witness cosignatures. */
  public static final byte TYPE_COSIGNATURE = 0x04;

  /** The identifier after type byte 0xff for SM2/SM3 signatures. */
  public static final String SM2_IDENTIFIER = "liveguard.io/sm2-sm3";

  private static final byte[] SM2_TYPE = sm2Type();
  private static final X9ECParameters SM2_CURVE = GMNamedCurves.getByName("sm2p256v1");
  private static final ECDomainParameters SM2_DOMAIN =
      new ECDomainParameters(
          SM2_CURVE.getCurve(), SM2_CURVE.getG(), SM2_CURVE.getN(), SM2_CURVE.getH());

  private NoteKeys() {}

  private static byte[] sm2Type() {
    byte[] id = SM2_IDENTIFIER.getBytes(StandardCharsets.US_ASCII);
    byte[] t = new byte[1 + id.length];
    t[0] = (byte) 0xff;
    System.arraycopy(id, 0, t, 1, id.length);
    return t;
  }

  /** Returns the recommended key ID {@code SHA-256(name || 0x0A || typeAndKey)[:4]}. */
  public static int keyId(String name, byte[] typeAndKey) {
    MessageDigest md = Rfc6962.sha256();
    md.update(name.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0x0a);
    md.update(typeAndKey);
    return ByteBuffer.wrap(md.digest(), 0, 4).getInt();
  }

  /** Generates a new Ed25519 note signer named {@code name}. */
  public static NoteSigner generateEd25519(String name, SecureRandom random) {
    return new Ed25519Key(name, new Ed25519PrivateKeyParameters(random));
  }

  /** Generates a new SM2 note signer named {@code name}. */
  public static NoteSigner generateSm2(String name, SecureRandom random) {
    BigInteger d;
    do {
      d = new BigInteger(256, random);
    } while (d.signum() == 0 || d.compareTo(SM2_DOMAIN.getN().subtract(BigInteger.ONE)) >= 0);
    return new Sm2Key(name, d, random);
  }

  /** Generates a new witness cosigner named {@code name}. */
  public static Cosigner generateCosigner(String name, SecureRandom random) {
    return new Cosigner(name, new Ed25519PrivateKeyParameters(random));
  }

  /** Returns the private key string of a signer created by this class. */
  public static String privateKey(NoteSigner signer) {
    if (signer instanceof Ed25519Key k) {
      return privateString(k.name, concat(new byte[] {TYPE_ED25519}, k.priv.getEncoded()));
    }
    if (signer instanceof Sm2Key k) {
      return privateString(k.name, concat(SM2_TYPE, fixed32(k.d)));
    }
    throw new IllegalArgumentException("not a key of this class: " + signer);
  }

  /** Returns the private key string of a witness cosigner. */
  public static String privateKey(Cosigner c) {
    return privateString(c.name(), concat(new byte[] {TYPE_COSIGNATURE}, c.priv.getEncoded()));
  }

  private static String privateString(String name, byte[] typeAndKey) {
    NoteVerifier v = parsePrivateInternal(name, typeAndKey).verifierOrNull();
    return "PRIVATE+KEY+"
        + name
        + "+"
        + String.format("%08x", v.keyId())
        + "+"
        + Base64.getEncoder().encodeToString(typeAndKey);
  }

  private record Parsed(NoteSigner signer, Cosigner cosigner) {
    NoteVerifier verifierOrNull() {
      return signer != null ? signer.verifier() : cosigner.verifier();
    }
  }

  private static Parsed parsePrivateInternal(String name, byte[] tk) {
    if (tk.length == 33 && tk[0] == TYPE_ED25519) {
      return new Parsed(new Ed25519Key(name, new Ed25519PrivateKeyParameters(tk, 1)), null);
    }
    if (tk.length == 33 && tk[0] == TYPE_COSIGNATURE) {
      return new Parsed(null, new Cosigner(name, new Ed25519PrivateKeyParameters(tk, 1)));
    }
    if (tk.length == SM2_TYPE.length + 32
        && Arrays.equals(Arrays.copyOf(tk, SM2_TYPE.length), SM2_TYPE)) {
      BigInteger d = new BigInteger(1, Arrays.copyOfRange(tk, SM2_TYPE.length, tk.length));
      return new Parsed(new Sm2Key(name, d, new SecureRandom()), null);
    }
    throw new IllegalArgumentException("unknown private key type for " + name);
  }

  /** Parses a private key string into a note signer (Ed25519 or SM2). */
  public static NoteSigner parseSigner(String privateKey) throws NoteFormatException {
    Parsed p = parsePrivate(privateKey);
    if (p.signer == null) {
      throw new NoteFormatException("private key is a cosignature key, not a note signer");
    }
    return p.signer;
  }

  /** Parses a private key string into a witness cosigner. */
  public static Cosigner parseCosigner(String privateKey) throws NoteFormatException {
    Parsed p = parsePrivate(privateKey);
    if (p.cosigner == null) {
      throw new NoteFormatException("private key is not a cosignature key");
    }
    return p.cosigner;
  }

  private static Parsed parsePrivate(String s) throws NoteFormatException {
    String[] f = s.strip().split("\\+", 5);
    if (f.length != 5 || !f[0].equals("PRIVATE") || !f[1].equals("KEY")) {
      throw new NoteFormatException("not a PRIVATE+KEY+<name>+<id>+<key> string");
    }
    byte[] tk;
    try {
      tk = Base64.getDecoder().decode(f[4]);
    } catch (IllegalArgumentException e) {
      throw new NoteFormatException("private key of " + f[2] + " is not valid base64");
    }
    Parsed p;
    try {
      p = parsePrivateInternal(f[2], tk);
    } catch (IllegalArgumentException e) {
      throw new NoteFormatException(e.getMessage());
    }
    if (!String.format("%08x", p.verifierOrNull().keyId()).equals(f[3])) {
      throw new NoteFormatException("private key of " + f[2] + " does not match its key ID");
    }
    return p;
  }

  /** Parses a verifier key {@code <name>+<hex id>+<base64(type || key)>}. */
  public static NoteVerifier parseVerifier(String vkey) throws NoteFormatException {
    String[] f = vkey.strip().split("\\+", 3);
    if (f.length != 3 || f[0].isEmpty()) {
      throw new NoteFormatException("verifier key is not <name>+<id>+<key>: " + vkey);
    }
    String name = f[0];
    if (!f[1].matches("[0-9a-f]{8}")) {
      throw new NoteFormatException("verifier key ID is not 8 hex digits: " + f[1]);
    }
    byte[] tk;
    try {
      tk = Base64.getDecoder().decode(f[2]);
    } catch (IllegalArgumentException e) {
      throw new NoteFormatException("verifier key of " + name + " is not valid base64");
    }
    NoteVerifier v;
    if (tk.length == 33 && (tk[0] == TYPE_ED25519 || tk[0] == TYPE_COSIGNATURE)) {
      Ed25519PublicKeyParameters pub;
      try {
        pub = new Ed25519PublicKeyParameters(tk, 1);
      } catch (RuntimeException e) {
        throw new NoteFormatException("verifier key of " + name + " is not an Ed25519 key");
      }
      v =
          tk[0] == TYPE_ED25519
              ? new Ed25519Verifier(name, pub)
              : new CosignatureVerifier(name, pub);
    } else if (tk.length == SM2_TYPE.length + 65
        && Arrays.equals(Arrays.copyOf(tk, SM2_TYPE.length), SM2_TYPE)) {
      ECPoint q;
      try {
        q = SM2_CURVE.getCurve().decodePoint(Arrays.copyOfRange(tk, SM2_TYPE.length, tk.length));
        if (!q.isValid() || q.isInfinity()) {
          throw new IllegalArgumentException("invalid point");
        }
      } catch (RuntimeException e) {
        throw new NoteFormatException("verifier key of " + name + " is not an SM2 public key");
      }
      v = new Sm2Verifier(name, q);
    } else {
      throw new NoteFormatException("verifier key of " + name + " has an unsupported type");
    }
    if (!String.format("%08x", v.keyId()).equals(f[1])) {
      throw new NoteFormatException(
          "verifier key of " + name + " does not match its key ID " + f[1]);
    }
    return v;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  private static byte[] fixed32(BigInteger d) {
    byte[] raw = d.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }

  private static String vkeyString(String name, int id, byte[] typeAndKey) {
    return name
        + "+"
        + String.format("%08x", id)
        + "+"
        + Base64.getEncoder().encodeToString(typeAndKey);
  }

  private static final class Ed25519Key implements NoteSigner {
    final String name;
    final Ed25519PrivateKeyParameters priv;
    final Ed25519Verifier verifier;

    Ed25519Key(String name, Ed25519PrivateKeyParameters priv) {
      this.name = name;
      this.priv = priv;
      this.verifier = new Ed25519Verifier(name, priv.generatePublicKey());
    }

    @Override
    public NoteVerifier verifier() {
      return verifier;
    }

    @Override
    public NoteSignature sign(byte[] text) {
      Ed25519Signer s = new Ed25519Signer();
      s.init(true, priv);
      s.update(text, 0, text.length);
      return new NoteSignature(name, verifier.keyId, s.generateSignature());
    }
  }

  /** A verifier identified by its name and its type-prefixed public key, as in a vkey. */
  private abstract static class KeyedVerifier implements NoteVerifier {
    final String name;
    final int keyId;
    private final byte[] typedKey;

    KeyedVerifier(String name, byte[] typedKey) {
      this.name = name;
      this.typedKey = typedKey;
      this.keyId = NoteKeys.keyId(name, typedKey);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int keyId() {
      return keyId;
    }

    @Override
    public String vkey() {
      return vkeyString(name, keyId, typedKey);
    }

    @Override
    public boolean equals(Object o) {
      return o != null && o.getClass() == getClass() && ((KeyedVerifier) o).vkey().equals(vkey());
    }

    @Override
    public int hashCode() {
      return vkey().hashCode();
    }
  }

  private static final class Ed25519Verifier extends KeyedVerifier {
    final Ed25519PublicKeyParameters pub;

    Ed25519Verifier(String name, Ed25519PublicKeyParameters pub) {
      super(name, concat(new byte[] {TYPE_ED25519}, pub.getEncoded()));
      this.pub = pub;
    }

    @Override
    public String algorithm() {
      return "Ed25519";
    }

    @Override
    public boolean verify(byte[] text, byte[] sig) {
      if (sig.length != 64) {
        return false;
      }
      Ed25519Signer s = new Ed25519Signer();
      s.init(false, pub);
      s.update(text, 0, text.length);
      return s.verifySignature(sig);
    }
  }

  private static final class Sm2Key implements NoteSigner {
    final String name;
    final BigInteger d;
    final SecureRandom random;
    final Sm2Verifier verifier;

    Sm2Key(String name, BigInteger d, SecureRandom random) {
      this.name = name;
      this.d = d;
      this.random = random;
      ECPoint q = new FixedPointCombMultiplier().multiply(SM2_DOMAIN.getG(), d).normalize();
      this.verifier = new Sm2Verifier(name, q);
    }

    @Override
    public NoteVerifier verifier() {
      return verifier;
    }

    @Override
    public NoteSignature sign(byte[] text) {
      SM2Signer s = new SM2Signer();
      s.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(d, SM2_DOMAIN), random));
      s.update(text, 0, text.length);
      try {
        return new NoteSignature(name, verifier.keyId, s.generateSignature());
      } catch (CryptoException e) {
        throw new IllegalStateException("SM2 signing failed", e);
      }
    }
  }

  private static final class Sm2Verifier extends KeyedVerifier {
    final ECPoint q;

    Sm2Verifier(String name, ECPoint q) {
      super(name, concat(SM2_TYPE, q.getEncoded(false)));
      this.q = q;
    }

    @Override
    public String algorithm() {
      return "SM2-SM3";
    }

    @Override
    public boolean verify(byte[] text, byte[] sig) {
      if (sig.length > 80) {
        return false;
      }
      SM2Signer s = new SM2Signer();
      s.init(false, new ECPublicKeyParameters(q, SM2_DOMAIN));
      s.update(text, 0, text.length);
      try {
        return s.verifySignature(sig);
      } catch (RuntimeException e) {
        return false;
      }
    }
  }

  /**
   * A witness key producing c2sp.org/tlog-cosignature {@code cosignature/v1} signatures: blob
   * {@code keyID || uint64 timestamp || Ed25519(message)} with message {@code "cosignature/v1\ntime
   * <ts>\n" || checkpoint text}. Thread-safe.
   */
  public static final class Cosigner {
    private final String name;
    private final Ed25519PrivateKeyParameters priv;
    private final CosignatureVerifier verifier;

    Cosigner(String name, Ed25519PrivateKeyParameters priv) {
      this.name = name;
      this.priv = priv;
      this.verifier = new CosignatureVerifier(name, priv.generatePublicKey());
    }

    /** Returns the witness name. */
    public String name() {
      return name;
    }

    /** Returns the verifier of this witness's cosignatures. */
    public NoteVerifier verifier() {
      return verifier;
    }

    /** Cosigns a checkpoint text at {@code timestampSeconds} (Unix time). */
    public NoteSignature cosign(byte[] checkpointText, long timestampSeconds) {
      Ed25519Signer s = new Ed25519Signer();
      s.init(true, priv);
      byte[] msg = cosignedMessage(checkpointText, timestampSeconds);
      s.update(msg, 0, msg.length);
      byte[] sig = s.generateSignature();
      byte[] blob = ByteBuffer.allocate(8 + 64).putLong(timestampSeconds).put(sig).array();
      return new NoteSignature(name, verifier.keyId, blob);
    }
  }

  /** Returns the message a cosignature/v1 signs. */
  public static byte[] cosignedMessage(byte[] checkpointText, long timestampSeconds) {
    byte[] head =
        ("cosignature/v1\ntime " + Long.toUnsignedString(timestampSeconds) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    return concat(head, checkpointText);
  }

  /** Returns the timestamp inside a cosignature/v1 signature (after the key ID). */
  public static long cosignatureTime(byte[] signature) {
    if (signature.length != 72) {
      throw new IllegalArgumentException("a cosignature/v1 has 72 bytes after the key ID");
    }
    return ByteBuffer.wrap(signature, 0, 8).getLong();
  }

  private static final class CosignatureVerifier extends KeyedVerifier {
    final Ed25519PublicKeyParameters pub;

    CosignatureVerifier(String name, Ed25519PublicKeyParameters pub) {
      super(name, concat(new byte[] {TYPE_COSIGNATURE}, pub.getEncoded()));
      this.pub = pub;
    }

    @Override
    public String algorithm() {
      return "cosignature/v1";
    }

    @Override
    public boolean verify(byte[] text, byte[] sig) {
      if (sig.length != 72) {
        return false;
      }
      long ts = ByteBuffer.wrap(sig, 0, 8).getLong();
      byte[] msg = cosignedMessage(text, ts);
      Ed25519Signer s = new Ed25519Signer();
      s.init(false, pub);
      s.update(msg, 0, msg.length);
      return s.verifySignature(Arrays.copyOfRange(sig, 8, 72));
    }
  }
}
