package io.liveguard.media.scan;

import io.liveguard.detect.Detector;
import io.liveguard.detect.rule.Catalogue;
import io.liveguard.detect.rule.CatalogueFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The bundled catalogue plus the English test rules, written to a directory for --rules. */
final class EnglishRules {

  private EnglishRules() {}

  static Path write(Path dir) throws Exception {
    for (Map.Entry<String, String> e : CatalogueFiles.bundled().rules().entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
    Path src = Path.of("src/test/resources/rules-en");
    try (var files = Files.walk(src)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        Path t = dir.resolve(src.relativize(p).toString());
        Files.createDirectories(t.getParent());
        Files.copy(p, t);
      }
    }
    return dir;
  }

  static Detector detector(Path dir) throws Exception {
    return Detector.of(Catalogue.load(CatalogueFiles.readRules(write(dir))));
  }
}
