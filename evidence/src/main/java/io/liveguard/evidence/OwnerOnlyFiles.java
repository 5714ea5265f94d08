package io.liveguard.evidence;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates files and directories readable only by their owner from the first instant (keys, TSA
 * material): the permissions are part of the creation, never applied afterwards, so there is no
 * window with default permissions. On a file system without POSIX permissions the entries are
 * created with its defaults.
 */
public final class OwnerOnlyFiles {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnlyFiles() {}

  /** Creates {@code dir} and missing parents; the last one {@code rwx------}. */
  public static Path createDirectories(Path dir) throws IOException {
    return Files.createDirectories(dir, attributes("rwx------"));
  }

  /**
   * Creates the new file {@code file} as {@code rw-------}.
   *
   * @throws java.nio.file.FileAlreadyExistsException if it exists
   */
  public static Path createFile(Path file) throws IOException {
    return Files.createFile(file, attributes("rw-------"));
  }

  /** Creates {@code file} as {@code rw-------} and writes {@code text} to it. */
  public static Path writeNew(Path file, String text, java.nio.charset.Charset charset)
      throws IOException {
    createFile(file);
    return Files.writeString(file, text, charset);
  }

  private static FileAttribute<?>[] attributes(String permissions) {
    return POSIX
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        }
        : new FileAttribute<?>[0];
  }
}
