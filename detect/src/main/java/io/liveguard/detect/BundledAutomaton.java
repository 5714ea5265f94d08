package io.liveguard.detect;

import io.liveguard.detect.rule.Catalogue;
import io.liveguard.detect.rule.CatalogueException;
import io.liveguard.detect.rule.CatalogueFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Build step: validates the bundled rule catalogue and compiles its automaton into the class
 * output, so that the command line starts without compiling it. Run by the detect module's build
 * ({@code process-classes}); a catalogue problem fails the build with {@code file:line} messages.
 */
public final class BundledAutomaton {

  private BundledAutomaton() {}

  /** Arguments: the class output directory ({@code target/classes}). */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: BundledAutomaton CLASSES_DIR");
    }
    Catalogue catalogue;
    try {
      catalogue = Catalogue.load(CatalogueFiles.bundled());
    } catch (CatalogueException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    Path dir = Path.of(args[0], AutomatonCache.RESOURCE_DIR.substring(1));
    Files.createDirectories(dir);
    try (var old = Files.newDirectoryStream(dir, "automaton-*.bin")) {
      for (Path p : old) {
        Files.delete(p);
      }
    }
    String previous = System.getProperty("liveguard.cache.dir");
    System.setProperty("liveguard.cache.dir", "off");
    Engine engine = new Engine(catalogue);
    if (previous == null) {
      System.clearProperty("liveguard.cache.dir");
    } else {
      System.setProperty("liveguard.cache.dir", previous);
    }
    Path written = engine.writeAutomaton(dir);
    System.out.printf(
        "bundled catalogue: %d rules, %d patterns -> %s%n",
        catalogue.rules().size(), engine.patternCount(), written.getFileName());
  }
}
