package io.liveguard.evidence;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Locates {@code ../shared/testdata} beside the repository; fails loudly when it is missing. */
public final class SharedTestData {

  private SharedTestData() {}

  /** Returns {@code shared/testdata/<sub>}, or throws naming where it was looked for. */
  public static Path dir(String sub) {
    String prop = System.getProperty("liveguard.shared");
    Path shared =
        prop != null
            ? Paths.get(prop)
            : Paths.get("").toAbsolutePath().getParent().getParent().resolve("shared");
    Path d = shared.resolve("testdata").resolve(sub).normalize();
    if (!Files.isDirectory(d)) {
      throw new IllegalStateException(
          "shared test vectors not found at "
              + d
              + ": clone the shared/ directory beside the repository (../shared)");
    }
    return d;
  }
}
