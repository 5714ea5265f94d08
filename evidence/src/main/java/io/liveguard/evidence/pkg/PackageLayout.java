package io.liveguard.evidence.pkg;

import java.util.regex.Pattern;

/**
 * Member names and limits of an evidence package (.zip); see docs/evidence.md for the format. Every
 * member name is fixed or generated from a digest or a counter, so no name is a path that a
 * careless extractor could follow.
 */
public final class PackageLayout {

  public static final String MANIFEST = "manifest.json";
  public static final String CHECKPOINT = "checkpoint.note";
  public static final String TIMESTAMP = "timestamp.tsr";
  public static final String MANIFEST_PROOF = "proofs/manifest.json";
  public static final String SEALED_CHECKPOINT = "sealed/checkpoint.note";
  public static final String SEALED_TIMESTAMP = "sealed/timestamp.tsr";
  public static final String SEALED_MANIFEST_PROOF = "sealed/manifest-proof.json";
  public static final String SEALED_CONSISTENCY = "proofs/sealed-to-checkpoint.json";
  public static final String TRUST = "trust.json";
  public static final String REPORT = "report.txt";
  public static final String ITEMS = "items/";
  public static final String CUSTODY = "custody/";
  public static final String CUSTODY_PROOFS = "proofs/custody/";

  /** The most members a package may have. */
  public static final int MAX_MEMBERS = 10_000;

  /** The most custody events a package may carry. */
  public static final int MAX_CUSTODY = 1_000;

  /** The largest metadata member (JSON, notes, tokens, report), in bytes. */
  public static final int MAX_METADATA_SIZE = 4 << 20;

  /** The largest compression ratio accepted for a member larger than 1 MiB. */
  public static final int MAX_RATIO = 200;

  private static final Pattern ITEM = Pattern.compile("items/[0-9a-f]{64}");
  private static final Pattern CUSTODY_EVENT = Pattern.compile("custody/[0-9]{4}\\.json");
  private static final Pattern CUSTODY_PROOF = Pattern.compile("proofs/custody/[0-9]{4}\\.json");

  private PackageLayout() {}

  /** Returns the member name of custody event number {@code n} (1-based). */
  public static String custody(int n) {
    return String.format("custody/%04d.json", n);
  }

  /** Returns the member name of the inclusion proof of custody event {@code n}. */
  public static String custodyProof(int n) {
    return String.format("proofs/custody/%04d.json", n);
  }

  /** Returns whether {@code name} is a member name this format defines. */
  public static boolean isKnown(String name) {
    return switch (name) {
      case MANIFEST,
          CHECKPOINT,
          TIMESTAMP,
          MANIFEST_PROOF,
          SEALED_CHECKPOINT,
          SEALED_TIMESTAMP,
          SEALED_MANIFEST_PROOF,
          SEALED_CONSISTENCY,
          TRUST,
          REPORT ->
          true;
      default ->
          ITEM.matcher(name).matches()
              || CUSTODY_EVENT.matcher(name).matches()
              || CUSTODY_PROOF.matcher(name).matches();
    };
  }
}
