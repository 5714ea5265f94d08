package io.liveguard.evidence.blob;

/**
 * What a blob store knows about one stored blob: its digests, size and chunk-tree root.
 *
 * @param sha256 lowercase hex SHA-256 of the bytes (the blob's key)
 * @param sm3 lowercase hex SM3 (GB/T 32905) of the bytes
 * @param size the length in bytes
 * @param chunkRoot lowercase hex RFC 6962 root over the blob cut into {@code chunkSize} chunks (the
 *     last may be shorter); lets one prove a chunk of a clip without the whole clip
 * @param chunkSize the chunk length in bytes
 */
public record BlobRef(String sha256, String sm3, long size, String chunkRoot, int chunkSize) {

  public BlobRef {
    BlobKeys.check(sha256);
    if (size < 0) {
      throw new IllegalArgumentException("blob size must be >= 0, got " + size);
    }
  }
}
