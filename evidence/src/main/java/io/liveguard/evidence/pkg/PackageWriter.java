package io.liveguard.evidence.pkg;

import io.liveguard.evidence.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;

/**
 * Writes an evidence package (.zip) from its contents and the item bytes. Every member is STORED
 * with fixed header fields ({@link StoredZipWriter}), so the same contents always give the same
 * bytes; the verifier relies on this to check every byte of the archive.
 */
public final class PackageWriter {

  /** Opens an item's bytes by its SHA-256. */
  @FunctionalInterface
  public interface ItemSource {
    /** Returns a fresh stream of the item with SHA-256 {@code sha256}. */
    InputStream open(String sha256) throws IOException;
  }

  private PackageWriter() {}

  /** Writes the package to {@code out} (not closed), reading items from {@code store}. */
  public static void write(PackageContents c, BlobStore store, OutputStream out)
      throws IOException {
    write(c, store::open, out);
  }

  /** Writes the package to {@code out} (not closed), reading items from {@code items}. */
  public static void write(PackageContents c, ItemSource items, OutputStream out)
      throws IOException {
    StoredZipWriter zip = new StoredZipWriter(out);
    zip.add(PackageLayout.MANIFEST, c.manifestBytes());
    for (EvidenceManifest.Item i : c.manifest().items()) {
      CRC32 crc = new CRC32();
      try (InputStream in = items.open(i.sha256())) {
        byte[] buf = new byte[256 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
          crc.update(buf, 0, n);
        }
      }
      try (InputStream in = items.open(i.sha256())) {
        zip.add(PackageLayout.ITEMS + i.sha256(), i.size(), crc.getValue(), in);
      }
    }
    zip.add(PackageLayout.SEALED_CHECKPOINT, c.sealed().toBytes());
    zip.add(PackageLayout.SEALED_TIMESTAMP, c.sealedTimestamp());
    zip.add(PackageLayout.SEALED_MANIFEST_PROOF, ProofJson.inclusion(c.sealedProof()));
    zip.add(PackageLayout.CHECKPOINT, c.checkpoint().toBytes());
    zip.add(PackageLayout.TIMESTAMP, c.timestamp());
    zip.add(PackageLayout.MANIFEST_PROOF, ProofJson.inclusion(c.manifestProof()));
    zip.add(PackageLayout.SEALED_CONSISTENCY, ProofJson.consistency(c.consistency()));
    for (int k = 0; k < c.custody().size(); k++) {
      zip.add(PackageLayout.custody(k + 1), c.custody().get(k));
      zip.add(PackageLayout.custodyProof(k + 1), ProofJson.inclusion(c.custodyProofs().get(k)));
    }
    zip.add(PackageLayout.TRUST, c.trust().toBytes());
    zip.add(PackageLayout.REPORT, PackageReport.render(c));
    zip.finish();
  }
}
