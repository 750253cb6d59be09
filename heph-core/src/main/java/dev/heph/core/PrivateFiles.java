package dev.heph.core;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every file heph writes is private to its owner: files are created 0600 and folders 0700 (the
 * umask can only take bits away), and an existing file or heph-owned folder that other users could
 * read is tightened once, with a notice saying so.
 */
public final class PrivateFiles {
  private PrivateFiles() {}

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER = EnumSet.of(PosixFilePermission.OWNER_READ,
      PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

  /** Creates {@code folder} and each missing parent, 0700; folders that exist are left as they are. */
  public static void createDirectories(Path folder) throws IOException {
    Path absolute = folder.toAbsolutePath();
    List<Path> missing = new ArrayList<>();
    for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
      missing.addFirst(p);
    }
    for (Path p : missing) {
      try {
        if (POSIX) {
          Files.createDirectory(p, PosixFilePermissions.asFileAttribute(FOLDER));
        } else {
          Files.createDirectory(p);
        }
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(p)) {
          throw e; // a file (or a link to nothing) where a folder must go
        }
        // another process made it meanwhile
      }
    }
  }

  /** Creates {@code file} empty and 0600 unless it exists; true when this call created it. */
  public static boolean createFile(Path file) throws IOException {
    try {
      if (POSIX) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
      } else {
        Files.createFile(file, new FileAttribute<?>[0]);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  /**
   * Takes the group's and others' permissions off an existing file or folder. Returns a notice
   * for the person when it changed something, or could not; empty when it was private already.
   */
  public static Optional<String> tighten(Path path) {
    if (!POSIX || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    Set<PosixFilePermission> before;
    try {
      before = Files.getPosixFilePermissions(path);
    } catch (IOException e) {
      return Optional.empty(); // vanished meanwhile, e.g. a -wal removed by the last connection's close
    }
    if (OWNER.containsAll(before)) {
      return Optional.empty();
    }
    Set<PosixFilePermission> after = EnumSet.copyOf(before);
    after.retainAll(OWNER);
    String was = octal(before);
    try {
      Files.setPosixFilePermissions(path, after);
      return Optional.of("tightened permissions of " + path + " (was " + was + ", now " + octal(after)
          + ") so other users cannot read it");
    } catch (IOException e) {
      String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.toString();
      return Optional.of(path + " can be read by other users (" + was + ") and heph could not change that: " + reason);
    }
  }

  /** {@code 0644}-style octal form of a permission set. */
  static String octal(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 1 << (8 - p.ordinal());
    }
    return String.format("%04o", mode);
  }
}
