package io.liveguard.evidence;

import io.liveguard.evidence.pkg.EvidenceManifest;
import java.io.InputStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a caller knows about evidence before it is sealed.
 *
 * @param items the files, each read once while sealing
 * @param detection the detection, or null
 * @param subject subject key/values (platform, room, session, listing …)
 * @param collector who collects the evidence
 * @param capturedAt when it was captured (ISO-8601), or null for the sealing time
 */
public record EvidenceDraft(
    List<ItemSource> items,
    EvidenceManifest.Detection detection,
    Map<String, String> subject,
    String collector,
    String capturedAt) {

  public EvidenceDraft {
    items = List.copyOf(items);
    subject = Collections.unmodifiableSortedMap(new TreeMap<>(subject));
    if (items.isEmpty()) {
      throw new IllegalArgumentException("evidence needs at least one item");
    }
  }

  /**
   * One file to seal.
   *
   * @param role what it is (clip, transcript, frame, listing, other)
   * @param name its original file name (recorded, never used as a path)
   * @param mediaType its media type
   * @param content its bytes, read to the end once
   */
  public record ItemSource(String role, String name, String mediaType, InputStream content) {}
}
