package io.liveguard.detect;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;

/**
 * Compiled automata keyed by the SHA-256 of everything that determines them, so a catalogue is
 * compiled once: the bundled one at build time (a class-path resource), others on first use (a
 * cache directory).
 *
 * <p>The cache directory is {@code -Dliveguard.cache.dir}, else {@code $LIVEGUARD_CACHE}, else
 * {@code ~/.cache/liveguard}; {@code off} disables it. Files are in {@link TermTrie}'s own binary
 * form (no Java deserialization) with a digest and bounds checks; anything unreadable is ignored
 * and the automaton rebuilt.
 */
final class AutomatonCache {

  static final String RESOURCE_DIR = "/io/liveguard/detect/automaton/";

  private AutomatonCache() {}

  /** File name for a key. */
  static String fileName(byte[] key) {
    return "automaton-" + HexFormat.of().formatHex(key) + ".bin";
  }

  /** The cached automaton for {@code key}, or null. */
  static TermTrie load(byte[] key, int termCount) {
    String name = fileName(key);
    try (InputStream in = AutomatonCache.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in != null) {
        return TermTrie.read(in.readAllBytes(), termCount);
      }
    } catch (IOException | RuntimeException e) {
      // fall through to the directory, then to a rebuild
    }
    Path dir = directory();
    if (dir == null) {
      return null;
    }
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return TermTrie.read(Files.readAllBytes(file), termCount);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Stores {@code trie} in the cache directory, atomically; failures are ignored (a cache). */
  static void store(byte[] key, TermTrie trie) {
    Path dir = directory();
    if (dir == null) {
      return;
    }
    try {
      Files.createDirectories(dir);
      write(dir, key, trie);
    } catch (IOException | RuntimeException e) {
      // a read-only home or a full disk only costs the next start a rebuild
    }
  }

  /** Writes {@code trie} into {@code dir} under its key's file name. */
  static Path write(Path dir, byte[] key, TermTrie trie) throws IOException {
    Path target = dir.resolve(fileName(key));
    Path tmp = Files.createTempFile(dir, "automaton-", ".tmp");
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
        trie.write(out);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }

  private static Path directory() {
    String configured = System.getProperty("liveguard.cache.dir");
    if (configured == null) {
      configured = System.getenv("LIVEGUARD_CACHE");
    }
    if ("off".equals(configured)) {
      return null;
    }
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String home = System.getProperty("user.home");
    return home == null ? null : Path.of(home, ".cache", "liveguard");
  }
}
