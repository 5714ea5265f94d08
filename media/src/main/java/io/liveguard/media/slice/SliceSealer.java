package io.liveguard.media.slice;

import io.liveguard.detect.Finding;
import io.liveguard.evidence.EvidenceDraft;
import io.liveguard.evidence.EvidenceVault;
import io.liveguard.evidence.SealedEvidence;
import io.liveguard.evidence.blob.BlobRef;
import io.liveguard.evidence.blob.BlobStore;
import io.liveguard.evidence.json.Json;
import io.liveguard.evidence.pkg.EvidenceManifest;
import io.liveguard.media.capture.SegmentSpool;
import io.liveguard.media.event.MediaEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Seals evidence slices through the evidence module's {@link EvidenceVault}: the pinned TS segments
 * around a finding, the keyframe, the event line (transcript or screen text), the finding line and
 * a slice index become one piece of evidence, whose package {@link #export exported} from the vault
 * verifies offline ({@code liveguard evidence verify}, {@link
 * io.liveguard.evidence.verify.PackageVerifier}).
 *
 * <p>The segments and the keyframe are already in the vault's blob store (the spool pins them
 * there, so the rolling window may delete its own copies); the vault reads them back by digest,
 * re-hashes them and lists them in the manifest. Thread-safe (the vault is).
 */
public final class SliceSealer {

  /** The media type of a TS segment item. */
  static final String SEGMENT_TYPE = "video/mp2t";

  private final EvidenceVault vault;
  private final String collector;

  /**
   * A sealer into {@code vault}; {@code collector} names who fixes the evidence (for automatic
   * capture, the node or the monitoring task).
   */
  public SliceSealer(EvidenceVault vault, String collector) {
    this.vault = Objects.requireNonNull(vault, "vault");
    this.collector = Objects.requireNonNull(collector, "collector");
  }

  /** The vault's blob store: the spool of a sealed session must pin into it. */
  public BlobStore store() {
    return vault.store();
  }

  /**
   * Seals one finding.
   *
   * @param segments pinned segments (each with its blob in {@link #store()}) around the finding
   * @param frame the keyframe JPEG the text was read from (already in the store), or null
   * @param event the event the finding rests on
   * @param finding the finding
   * @param findingJson the finding line, as {@code scan-media} prints it
   * @param context capture context (ffmpeg, ASR engine, session start …), recorded in the index
   */
  public EvidenceSlice seal(
      List<SegmentSpool.Segment> segments,
      BlobRef frame,
      MediaEvent event,
      Finding finding,
      String findingJson,
      Map<String, String> context)
      throws IOException {
    BlobStore store = vault.store();
    List<EvidenceDraft.ItemSource> items = new ArrayList<>();
    List<Object> index = new ArrayList<>();
    for (SegmentSpool.Segment s : segments) {
      if (s.blob() == null) {
        throw new IllegalArgumentException("segment " + s.seq() + " is not pinned");
      }
      String name = String.format(java.util.Locale.ROOT, "seg-%06d.ts", s.seq());
      items.add(
          new EvidenceDraft.ItemSource("clip", name, SEGMENT_TYPE, store.open(s.blob().sha256())));
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", name);
      e.put("sha256", s.blob().sha256());
      e.put("seq", s.seq());
      e.put("start_ms", s.startMillis());
      e.put("end_ms", s.endMillis());
      e.put("partial", s.partial());
      index.add(e);
    }
    if (frame != null) {
      items.add(
          new EvidenceDraft.ItemSource(
              "frame", "keyframe.jpg", "image/jpeg", store.open(frame.sha256())));
    }
    items.add(
        new EvidenceDraft.ItemSource(
            event instanceof MediaEvent.Transcript ? "transcript" : "other",
            event instanceof MediaEvent.Transcript ? "transcript.json" : "screen_text.json",
            "application/json",
            utf8(event.toJson() + "\n")));
    items.add(
        new EvidenceDraft.ItemSource(
            "other", "finding.json", "application/json", utf8(findingJson + "\n")));
    Map<String, Object> slice = new LinkedHashMap<>();
    slice.put("format", "liveguard-media-slice/2");
    slice.put("event", event.id());
    slice.put("segments", index);
    slice.put("context", new LinkedHashMap<String, Object>(context));
    items.add(
        new EvidenceDraft.ItemSource(
            "other",
            "slice.json",
            "application/json",
            new ByteArrayInputStream(Json.canonical(slice))));
    Map<String, String> subject = new LinkedHashMap<>();
    subject.put("platform", event.origin().platform());
    subject.put("room", event.origin().room());
    subject.put("session", event.origin().session());
    subject.put("event", event.id());
    EvidenceManifest.Detection detection =
        new EvidenceManifest.Detection(finding.rule(), finding.matched(), event.at().toString());
    try {
      SealedEvidence sealed =
          vault.seal(
              new EvidenceDraft(items, detection, subject, collector, event.at().toString()));
      return new EvidenceSlice(sealed, segments);
    } finally {
      for (EvidenceDraft.ItemSource i : items) {
        i.content().close();
      }
    }
  }

  /**
   * Writes the evidence package of {@code slice} (the vault records the export as a custody event
   * by {@code actor}).
   */
  public void export(EvidenceSlice slice, String actor, OutputStream out) throws IOException {
    vault.exportPackage(slice.id(), actor, out);
  }

  private static InputStream utf8(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
