package io.liveguard.evidence.pkg;

import io.liveguard.evidence.checkpoint.NoteFormatException;
import io.liveguard.evidence.checkpoint.NoteKeys;
import io.liveguard.evidence.checkpoint.NoteVerifier;
import io.liveguard.evidence.json.Json;
import io.liveguard.evidence.json.JsonException;
import io.liveguard.evidence.json.JsonObject;
import io.liveguard.evidence.timestamp.LocalTimestampAuthority;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which keys a verifier trusts: the log's origin and checkpoint keys (all must sign), witness keys
 * with a quorum, and TSA certificates. A package embeds its log's policy; a verifier should be
 * given the same policy through an independent channel, since a package cannot vouch for itself.
 *
 * @param origin the log origin checkpoints must carry
 * @param logKeys verifier keys that must all sign every checkpoint
 * @param witnessKeys witness cosignature keys
 * @param witnessQuorum how many witness cosignatures a checkpoint needs ({@code >= 0})
 * @param tsas trusted time-stamp authorities
 */
public record TrustPolicy(
    String origin,
    List<NoteVerifier> logKeys,
    List<NoteVerifier> witnessKeys,
    int witnessQuorum,
    List<Tsa> tsas) {

  /** The {@code type} field of trust policies. */
  public static final String TYPE = "liveguard.evidence/trust/v1";

  public TrustPolicy {
    logKeys = List.copyOf(logKeys);
    witnessKeys = List.copyOf(witnessKeys);
    tsas = List.copyOf(tsas);
    if (logKeys.isEmpty()) {
      throw new IllegalArgumentException("a trust policy needs at least one log key");
    }
    if (witnessQuorum < 0 || witnessQuorum > witnessKeys.size()) {
      throw new IllegalArgumentException(
          "witness quorum " + witnessQuorum + " is outside [0, " + witnessKeys.size() + "]");
    }
  }

  /**
   * A trusted TSA.
   *
   * @param certificate the TSA's signing certificate
   * @param description who it is, for the report (a URL, or that it is the local authority)
   * @param local whether it is a local authority whose time is only the node's clock
   */
  public record Tsa(X509Certificate certificate, String description, boolean local) {}

  /** Returns the canonical JSON bytes. */
  public byte[] toBytes() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", TYPE);
    m.put("origin", origin);
    m.put("logKeys", logKeys.stream().map(NoteVerifier::vkey).toList());
    m.put("witnessKeys", witnessKeys.stream().map(NoteVerifier::vkey).toList());
    m.put("witnessQuorum", (long) witnessQuorum);
    List<Object> ts = new ArrayList<>();
    for (Tsa t : tsas) {
      Map<String, Object> o = new LinkedHashMap<>();
      try {
        o.put("certificate", LocalTimestampAuthority.pem(t.certificate()));
      } catch (IOException e) {
        throw new IllegalStateException("cannot encode a TSA certificate", e);
      }
      o.put("description", t.description());
      o.put("local", t.local());
      ts.add(o);
    }
    m.put("tsas", ts);
    return Json.canonical(m);
  }

  /**
   * Parses a policy; every key must match its key ID and every self-issued TSA certificate must
   * carry a valid self-signature, so a changed byte is detected here.
   */
  public static TrustPolicy parse(byte[] bytes) throws JsonException {
    JsonObject o = JsonObject.parse(bytes, "trust");
    if (!TYPE.equals(o.string("type"))) {
      throw new JsonException("trust.type: expected " + TYPE);
    }
    List<NoteVerifier> log = keys(o, "logKeys");
    List<NoteVerifier> wit = keys(o, "witnessKeys");
    List<Tsa> tsas = new ArrayList<>();
    List<Object> raw = o.array("tsas");
    for (int i = 0; i < raw.size(); i++) {
      JsonObject t = new JsonObject(raw.get(i), "trust.tsas[" + i + "]");
      X509Certificate c;
      try {
        c =
            LocalTimestampAuthority.parseCertificate(
                t.string("certificate").getBytes(StandardCharsets.US_ASCII));
        if (c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
          c.verify(c.getPublicKey());
        }
      } catch (IOException | GeneralSecurityException e) {
        throw new JsonException(t.path() + ".certificate: " + e.getMessage());
      }
      Object local = t.map().get("local");
      if (!(local instanceof Boolean b)) {
        throw new JsonException(t.path() + ".local: expected true or false");
      }
      tsas.add(new Tsa(c, t.string("description"), b));
    }
    TrustPolicy p;
    try {
      p = new TrustPolicy(o.string("origin"), log, wit, (int) o.integer("witnessQuorum"), tsas);
    } catch (IllegalArgumentException e) {
      throw new JsonException("trust: " + e.getMessage());
    }
    if (!Arrays.equals(p.toBytes(), bytes)) {
      throw new JsonException("trust policy is not in canonical form (or has unknown fields)");
    }
    return p;
  }

  private static List<NoteVerifier> keys(JsonObject o, String field) throws JsonException {
    List<NoteVerifier> out = new ArrayList<>();
    List<Object> raw = o.array(field);
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.get(i) instanceof String s)) {
        throw new JsonException("trust." + field + "[" + i + "]: expected a verifier key string");
      }
      try {
        out.add(NoteKeys.parseVerifier(s));
      } catch (NoteFormatException e) {
        throw new JsonException("trust." + field + "[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  /** Returns the TSA certificates. */
  public List<X509Certificate> tsaCertificates() {
    return tsas.stream().map(Tsa::certificate).toList();
  }
}
