package io.liveguard.evidence.pkg;

import io.liveguard.evidence.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an evidence package (.zip) from its contents and the item bytes in a blob store. Items are
 * STORED (media does not compress, and the verifier then reads them at disk speed); metadata is
 * DEFLATED. Member timestamps are fixed, so the same contents give the same bytes.
 */
public final class PackageWriter {

  private static final FileTime EPOCH = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

  private PackageWriter() {}

  /** Writes the package to {@code out} (not closed). */
  public static void write(PackageContents c, BlobStore store, OutputStream out)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    text(zip, PackageLayout.MANIFEST, c.manifestBytes());
    for (EvidenceManifest.Item i : c.manifest().items()) {
      String name = PackageLayout.ITEMS + i.sha256();
      CRC32 crc = new CRC32();
      try (InputStream in = store.open(i.sha256())) {
        byte[] buf = new byte[256 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
          crc.update(buf, 0, n);
        }
      }
      ZipEntry e = new ZipEntry(name);
      e.setMethod(ZipEntry.STORED);
      e.setSize(i.size());
      e.setCompressedSize(i.size());
      e.setCrc(crc.getValue());
      e.setLastModifiedTime(EPOCH);
      zip.putNextEntry(e);
      try (InputStream in = store.open(i.sha256())) {
        in.transferTo(zip);
      }
      zip.closeEntry();
    }
    text(zip, PackageLayout.SEALED_CHECKPOINT, c.sealed().toBytes());
    text(zip, PackageLayout.SEALED_TIMESTAMP, c.sealedTimestamp());
    text(zip, PackageLayout.SEALED_MANIFEST_PROOF, ProofJson.inclusion(c.sealedProof()));
    text(zip, PackageLayout.CHECKPOINT, c.checkpoint().toBytes());
    text(zip, PackageLayout.TIMESTAMP, c.timestamp());
    text(zip, PackageLayout.MANIFEST_PROOF, ProofJson.inclusion(c.manifestProof()));
    text(zip, PackageLayout.SEALED_CONSISTENCY, ProofJson.consistency(c.consistency()));
    for (int k = 0; k < c.custody().size(); k++) {
      text(zip, PackageLayout.custody(k + 1), c.custody().get(k));
      text(zip, PackageLayout.custodyProof(k + 1), ProofJson.inclusion(c.custodyProofs().get(k)));
    }
    text(zip, PackageLayout.TRUST, c.trust().toBytes());
    text(zip, PackageLayout.REPORT, PackageReport.render(c));
    zip.finish();
    zip.flush();
  }

  private static void text(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setLastModifiedTime(EPOCH);
    zip.putNextEntry(e);
    zip.write(bytes);
    zip.closeEntry();
  }
}
