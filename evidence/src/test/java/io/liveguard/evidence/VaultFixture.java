package io.liveguard.evidence;

import io.liveguard.evidence.pkg.EvidenceManifest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds drafts for tests. */
public final class VaultFixture {

  private VaultFixture() {}

  public static EvidenceDraft draft(long seed) {
    byte[] clip = new byte[200 * 1024 + 17];
    new Random(seed).nextBytes(clip);
    byte[] transcript = "主播：这是全网最好的面膜，三天祛斑！".getBytes(StandardCharsets.UTF_8);
    return new EvidenceDraft(
        List.of(
            new EvidenceDraft.ItemSource(
                "clip", "clip.ts", "video/mp2t", new ByteArrayInputStream(clip)),
            new EvidenceDraft.ItemSource(
                "transcript",
                "transcript.txt",
                "text/plain; charset=utf-8",
                new ByteArrayInputStream(transcript))),
        new EvidenceManifest.Detection("ABS-SUPERLATIVE", "全网最好的面膜", "2026-11-23T10:00:00Z"),
        Map.of(
            "platform",
            "douyin",
            "room",
            "123456",
            "session",
            "s-2026-11-23-01",
            "listing",
            "sku-9"),
        "监测员 张三",
        "2026-11-23T10:00:05Z");
  }
}
