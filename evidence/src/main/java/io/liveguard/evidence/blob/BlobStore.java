package io.liveguard.evidence.blob;

import io.liveguard.evidence.log.InclusionProof;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A write-once, content-addressed store of blobs keyed by their SHA-256; the port behind which a
 * file system or an object store keeps evidence media.
 *
 * <p>Implementations are thread-safe. Storing the same bytes twice yields the same reference and
 * keeps one copy; a stored blob is never modified.
 */
public interface BlobStore {

  /** Streams {@code in} into the store and returns its reference once the bytes are durable. */
  BlobRef put(InputStream in) throws IOException;

  /** Returns the reference of the blob with SHA-256 {@code sha256}, if stored. */
  Optional<BlobRef> stat(String sha256) throws IOException;

  /** Opens the stored blob; throws {@link java.nio.file.NoSuchFileException} if absent. */
  InputStream open(String sha256) throws IOException;

  /**
   * Returns the inclusion proof of chunk {@code chunkIndex} in the blob's chunk tree, so that the
   * chunk alone can be shown to belong to the blob whose chunk root a manifest lists.
   */
  InclusionProof chunkProof(String sha256, long chunkIndex) throws IOException;
}
