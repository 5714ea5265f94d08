package io.liveguard.evidence.checkpoint;

/**
 * One signature line of a signed note: {@code — <name> base64(keyId || signature)}.
 *
 * @param name the key name
 * @param keyId the 32-bit key ID (big-endian first four bytes of the blob)
 * @param signature the signature bytes after the key ID
 */
public record NoteSignature(String name, int keyId, byte[] signature) {

  /** Returns the key ID as 8 lowercase hex digits. */
  public String keyIdHex() {
    return String.format("%08x", keyId);
  }
}
