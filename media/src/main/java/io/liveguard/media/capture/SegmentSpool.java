package io.liveguard.media.capture;

import io.liveguard.evidence.blob.BlobRef;
import io.liveguard.evidence.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The rolling recording of one watched session: completed TS segments in a spool directory, bounded
 * by a retention policy, and the segments under a finding committed to the evidence {@link
 * BlobStore}.
 *
 * <p>The blob store is write-once (evidence is never deleted), so the rolling window lives in the
 * spool and only what a finding needs is committed: {@link #pin} puts the segments overlapping a
 * time range into the blob store and marks them; {@link #sweep} deletes the oldest unpinned spool
 * files beyond {@link Retention#maxBytes} or older than {@link Retention#maxAgeMillis} of media
 * time. A watched room therefore uses at most about {@code maxBytes} of spool plus what findings
 * pin. Thread-safe.
 */
public final class SegmentSpool {

  /** How much unpinned recording to keep. */
  public record Retention(long maxBytes, long maxAgeMillis) {
    /** 256 MiB or 10 minutes of media, whichever is smaller. */
    public static final Retention DEFAULT = new Retention(256L << 20, 10 * 60_000L);

    public Retention {
      if (maxBytes < 0 || maxAgeMillis < 0) {
        throw new IllegalArgumentException("negative retention " + maxBytes + " / " + maxAgeMillis);
      }
    }
  }

  /**
   * One segment: sequence number, media time {@code [startMillis, endMillis)}, its spool file
   * (absent once swept), size, and its blob reference once pinned. {@code partial} marks a segment
   * whose recording was cut by a dropped connection: kept, but possibly ending mid-packet.
   */
  public record Segment(
      long seq,
      long startMillis,
      long endMillis,
      Path file,
      long size,
      boolean partial,
      BlobRef blob,
      boolean swept) {

    Segment withBlob(BlobRef b) {
      return new Segment(seq, startMillis, endMillis, file, size, partial, b, swept);
    }

    Segment markSwept() {
      return new Segment(seq, startMillis, endMillis, file, size, partial, blob, true);
    }
  }

  private final Path dir;
  private final BlobStore blobs;
  private final Retention retention;
  private final List<Segment> segments = new ArrayList<>();
  private long spoolBytes;

  /** A spool in {@code dir} committing pinned segments to {@code blobs}. */
  public SegmentSpool(Path dir, BlobStore blobs, Retention retention) throws IOException {
    this.dir = Files.createDirectories(Objects.requireNonNull(dir, "dir"));
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.retention = Objects.requireNonNull(retention, "retention");
  }

  /** The blob store pinned segments are committed to. */
  public BlobStore store() {
    return blobs;
  }

  /** The spool directory. */
  public Path dir() {
    return dir;
  }

  /** Records a completed segment file and applies the retention policy. */
  public synchronized Segment add(
      long seq, long startMillis, long endMillis, Path file, boolean partial) throws IOException {
    long size = Files.size(file);
    Segment s = new Segment(seq, startMillis, endMillis, file, size, partial, null, false);
    segments.add(s);
    spoolBytes += size;
    sweep();
    return s;
  }

  /** All segments recorded so far, oldest first (swept ones included, with {@code swept} set). */
  public synchronized List<Segment> segments() {
    return List.copyOf(segments);
  }

  /** Bytes of spool files currently on disk. */
  public synchronized long spoolBytes() {
    return spoolBytes;
  }

  /**
   * Commits every still-spooled segment overlapping {@code [fromMillis, toMillis)} to the blob
   * store and returns them in order; segments already swept are reported by their absence.
   */
  public synchronized List<Segment> pin(long fromMillis, long toMillis) throws IOException {
    List<Segment> out = new ArrayList<>();
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (s.endMillis() <= fromMillis || s.startMillis() >= toMillis) {
        continue;
      }
      if (s.blob() == null && !s.swept()) {
        BlobRef ref;
        try (InputStream in = Files.newInputStream(s.file())) {
          ref = blobs.put(in);
        }
        s = s.withBlob(ref);
        segments.set(i, s);
      }
      if (s.blob() != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** Deletes unpinned spool files beyond the retention policy; returns how many were deleted. */
  public synchronized int sweep() throws IOException {
    int deleted = 0;
    long newestEnd = segments.isEmpty() ? 0 : segments.get(segments.size() - 1).endMillis();
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (s.swept()) {
        continue;
      }
      boolean tooOld = newestEnd - s.endMillis() > retention.maxAgeMillis();
      boolean tooBig = spoolBytes > retention.maxBytes();
      if (!tooOld && !tooBig) {
        break;
      }
      if (i == segments.size() - 1) {
        break; // the newest segment stays: a finding on it is likely imminent
      }
      // a pinned segment is safe in the blob store, so its spool copy may go as well
      Files.deleteIfExists(s.file());
      spoolBytes -= s.size();
      segments.set(i, s.markSwept());
      deleted++;
    }
    return deleted;
  }
}
