package io.liveguard.platform.registry;

import tools.jackson.databind.json.JsonMapper;

/** Imports a whole file into the registry from inside the application (demo data). */
public final class RegistryImports {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private RegistryImports() {}

  /** Parses and imports; a file that cannot be read at all is an IllegalArgumentException. */
  public static Registry.ImportReport importFile(
      Registry registry, RegistryKind kind, byte[] content, boolean csv, String actor) {
    try {
      var rows = csv ? Rows.csv(content) : Rows.json(content, JSON);
      return registry.importRows(kind, rows, actor);
    } catch (Rows.Unreadable e) {
      throw new IllegalArgumentException("unreadable import: " + e.code);
    }
  }
}
