package io.liveguard.platform.evidence;

import io.liveguard.evidence.EvidenceVault;
import io.liveguard.evidence.VaultOptions;
import io.liveguard.evidence.timestamp.HttpTimestampClient;
import io.liveguard.evidence.timestamp.LocalTimestampAuthority;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the evidence module's {@link EvidenceVault} in {@code <liveguard.data>/evidence}: the
 * Merkle log, the blob store, the owner-only Ed25519 and SM2 log keys, the local RFC 3161 TSA (or
 * an external one: {@code liveguard.evidence.tsa-url} with its certificate {@code
 * liveguard.evidence.tsa-cert}), seal records and custody indices. Layout in docs/evidence.md.
 *
 * <p>A data directory from before the vault (the interim log: {@code evidence/log-key}, no {@code
 * evidence/vault.json}) is moved aside to {@code evidence-interim/} untouched; its evidence is
 * sealed again into the vault from the database.
 */
@Configuration
class VaultConfig {
  private static final Logger log = LoggerFactory.getLogger(VaultConfig.class);
  static final String SOFTWARE = "liveguard-platform " + version();

  @Bean(destroyMethod = "close")
  EvidenceVault evidenceVault(
      @Value("${liveguard.data}") String data,
      @Value("${liveguard.evidence.tsa-url:}") String tsaUrl,
      @Value("${liveguard.evidence.tsa-cert:}") String tsaCert,
      @Value("${liveguard.evidence.node:}") String node,
      InstantSource clock)
      throws IOException {
    Path root = Path.of(data).toAbsolutePath();
    Path dir = root.resolve("evidence");
    moveInterimLayout(root, dir);
    VaultOptions opts =
        new VaultOptions(
            null,
            java.util.List.of(),
            clock,
            node.isBlank() ? hostname() : node,
            SOFTWARE,
            softwareDigest(),
            "操作系统时钟（system clock, UTC）");
    if (!tsaUrl.isBlank()) {
      if (tsaCert.isBlank()) {
        throw new IllegalStateException(
            "liveguard.evidence.tsa-url is set but liveguard.evidence.tsa-cert is not: give the"
                + " TSA's certificate (PEM) so that packages carry it in their trust policy");
      }
      Path cert = Path.of(tsaCert);
      byte[] pem = Files.readAllBytes(cert);
      LocalTimestampAuthority.parseCertificate(pem); // fail at start-up on a bad certificate
      Path trust = dir.resolve("tsa-trust");
      Files.createDirectories(trust);
      Files.write(
          trust.resolve("tsa-" + EvidenceVault.sha256Hex(pem).substring(0, 16) + ".pem"), pem);
      opts =
          opts.withTimestampSource(
              new HttpTimestampClient(URI.create(tsaUrl), Duration.ofSeconds(30)));
    }
    EvidenceVault vault = EvidenceVault.open(dir, opts);
    log.info(
        "evidence vault {} in {} (log size {}, TSA: {})",
        vault.origin(),
        dir,
        vault.log().size(),
        vault.timestampAuthority());
    return vault;
  }

  /** Moves the interim log's directory aside so that the vault starts clean in its place. */
  static void moveInterimLayout(Path root, Path dir) throws IOException {
    if (!Files.exists(dir.resolve("log-key")) || Files.exists(dir.resolve("vault.json"))) {
      return;
    }
    Path aside = root.resolve("evidence-interim");
    if (Files.exists(aside)) {
      aside = root.resolve("evidence-interim-" + Instant.now().getEpochSecond());
    }
    Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
    log.warn(
        "moved the interim evidence log {} to {}; its evidence is sealed again into the vault",
        dir,
        aside);
  }

  private static String hostname() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-node";
    }
  }

  private static String version() {
    String v = VaultConfig.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /** SHA-256 of the running jar, or a note saying why there is none (classes directory). */
  static String softwareDigest() {
    try {
      var src = VaultConfig.class.getProtectionDomain().getCodeSource();
      if (src == null) {
        return "unknown";
      }
      String loc = src.getLocation().toString();
      // Inside a Spring Boot jar the location is "jar:nested:/path/app.jar/!BOOT-INF/classes/!/".
      int jar = loc.indexOf(".jar");
      if (jar < 0) {
        return "unknown (classes directory)";
      }
      String path = loc.substring(0, jar + 4).replaceFirst("^(jar:)?(nested:)?(file:)?", "");
      Path p = Path.of(path);
      if (!Files.isRegularFile(p)) {
        return "unknown";
      }
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      try (InputStream in = Files.newInputStream(p)) {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = in.read(buf)) > 0) {
          d.update(buf, 0, n);
        }
      }
      return "sha256:" + HexFormat.of().formatHex(d.digest());
    } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
      return "unknown";
    }
  }
}
