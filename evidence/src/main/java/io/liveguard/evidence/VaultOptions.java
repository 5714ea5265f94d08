package io.liveguard.evidence;

import io.liveguard.evidence.timestamp.TimestampSource;
import java.time.InstantSource;
import java.util.List;

/**
 * How an {@link EvidenceVault} is set up.
 *
 * @param timestampSource the TSA to use, or null for the local BouncyCastle authority in the data
 *     directory (which starts no network service)
 * @param witnesses witnesses that must cosign every checkpoint (may be empty)
 * @param clock the clock for sealing times and the local TSA
 * @param node the capture node id recorded in manifests
 * @param software the software name and version recorded in manifests
 * @param softwareDigest SHA-256 of the software build, or "unknown"
 * @param timeSource how the node's clock is kept, recorded in manifests
 */
public record VaultOptions(
    TimestampSource timestampSource,
    List<WitnessClient> witnesses,
    InstantSource clock,
    String node,
    String software,
    String softwareDigest,
    String timeSource) {

  public VaultOptions {
    witnesses = List.copyOf(witnesses);
  }

  /** Returns options with the local TSA, no witnesses and the system clock. */
  public static VaultOptions defaults(String node, String software) {
    return new VaultOptions(
        null, List.of(), InstantSource.system(), node, software, "unknown", "操作系统时钟（system clock）");
  }

  /** Returns a copy using {@code tsa}. */
  public VaultOptions withTimestampSource(TimestampSource tsa) {
    return new VaultOptions(tsa, witnesses, clock, node, software, softwareDigest, timeSource);
  }

  /** Returns a copy with these witnesses. */
  public VaultOptions withWitnesses(List<WitnessClient> w) {
    return new VaultOptions(timestampSource, w, clock, node, software, softwareDigest, timeSource);
  }

  /** Returns a copy with this software digest. */
  public VaultOptions withSoftwareDigest(String digest) {
    return new VaultOptions(timestampSource, witnesses, clock, node, software, digest, timeSource);
  }
}
