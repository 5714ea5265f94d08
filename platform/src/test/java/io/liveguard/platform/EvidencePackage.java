package io.liveguard.platform;

import io.liveguard.evidence.pkg.TrustPolicy;
import io.liveguard.evidence.verify.PackageVerifier;
import io.liveguard.evidence.verify.VerificationReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import tools.jackson.databind.JsonNode;

/**
 * A downloaded evidence package: its members and manifest, verified offline by the evidence
 * module's {@link PackageVerifier} (the code behind {@code liveguard evidence verify}).
 */
public final class EvidencePackage {
  public final byte[] bytes;
  public final Map<String, byte[]> files = new LinkedHashMap<>();
  public final JsonNode manifest;

  public EvidencePackage(byte[] zip) throws IOException {
    this.bytes = zip.clone();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        files.put(e.getName(), in.readAllBytes());
      }
    }
    manifest = Http.JSON.readTree(files.get("manifest.json"));
  }

  /** Verifies these bytes; {@code trust} null means the embedded policy only. */
  public VerificationReport verify(TrustPolicy trust) throws IOException {
    return verify(bytes, trust);
  }

  public static VerificationReport verify(byte[] zip, TrustPolicy trust) throws IOException {
    Path f = Files.createTempFile("liveguard-pkg-", ".zip");
    try {
      Files.write(f, zip);
      return PackageVerifier.verify(f, trust);
    } finally {
      Files.deleteIfExists(f);
    }
  }

  /** The roles of the manifest's items, in order. */
  public java.util.List<String> roles() {
    java.util.List<String> r = new java.util.ArrayList<>();
    manifest.get("items").forEach(i -> r.add(i.get("role").asString()));
    return r;
  }
}
