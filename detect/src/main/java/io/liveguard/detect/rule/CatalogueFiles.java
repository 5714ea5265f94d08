package io.liveguard.detect.rule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The text files of a rule catalogue: rule files, lexicons, brands, categories and laws (relative
 * names such as {@code absolute.yaml}, {@code lexicon/x.txt}), and the statute texts.
 *
 * @param rules rule directory files by relative name, sorted
 * @param laws statute texts by file name
 */
public record CatalogueFiles(Map<String, String> rules, Map<String, String> laws) {

  /** Largest file accepted, in bytes. */
  public static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

  private static final String BUNDLED_RULES = "/io/liveguard/detect/rules/laws.yaml";

  /** The catalogue bundled in this jar. */
  public static CatalogueFiles bundled() {
    URL anchor = CatalogueFiles.class.getResource(BUNDLED_RULES);
    if (anchor == null) {
      throw new IllegalStateException("the bundled rule catalogue is missing from the class path");
    }
    try {
      URI uri = anchor.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        Path rules = fs.getPath("/io/liveguard/detect/rules");
        return read(rules, rules.resolveSibling("laws"));
      }
      Path rules = Path.of(uri).getParent();
      return read(rules, rules.resolveSibling("laws"));
    } catch (URISyntaxException | IOException e) {
      throw new IllegalStateException(
          "cannot read the bundled rule catalogue: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a rule directory and a statute directory from the file system.
   *
   * @throws IOException if a file cannot be read, is too large, or is not UTF-8 (the message names
   *     it)
   */
  public static CatalogueFiles read(Path rulesDir, Path lawsDir) throws IOException {
    return new CatalogueFiles(readTree(rulesDir), readTree(lawsDir));
  }

  /**
   * Reads a rule directory from the file system, with the bundled statute texts.
   *
   * @throws IOException if a file cannot be read, is too large, or is not UTF-8
   */
  public static CatalogueFiles readRules(Path rulesDir) throws IOException {
    return new CatalogueFiles(readTree(rulesDir), bundled().laws());
  }

  private static Map<String, String> readTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory");
    }
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(dir, 4)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(p)) {
          continue;
        }
        String name = dir.relativize(p).toString().replace('\\', '/');
        if (!(name.endsWith(".yaml") || name.endsWith(".txt") || name.endsWith(".md"))) {
          continue;
        }
        if (Files.size(p) > MAX_FILE_BYTES) {
          throw new IOException(name + ": larger than " + MAX_FILE_BYTES + " bytes");
        }
        out.put(name, decode(name, Files.readAllBytes(p)));
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }

  private static String decode(String name, byte[] bytes) throws IOException {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (CharacterCodingException e) {
      throw new IOException(name + ": not valid UTF-8", e);
    }
  }
}
