package dev.heph.core.store;

import dev.heph.core.HephException;
import dev.heph.core.HephException.StoreFailure;
import dev.heph.core.Locations;
import dev.heph.core.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The database file a {@code --db} path names, checked and made ready before SQLite sees it.
 *
 * <p>SQLite is handed only the file's real path (no symbolic links, no {@code .} or {@code ..}),
 * as a URI that says the file exists: SQLite resolves links itself by recursing with a 4 KiB
 * buffer per link, which overflows a small thread stack (the launcher's 512 KiB) on a loop of
 * links and kills the JVM; and sqlite-jdbc reads a {@code ?} in a plain path as connection
 * settings, opening another file than the one named. heph creates the file itself, 0600, so that
 * SQLite's {@code -wal} and {@code -shm}, which take the database's mode, are private too.
 *
 * @param shown the path as given, absolute, for messages
 * @param real the file's real path, which SQLite opens
 * @param created whether this open created the (empty) file
 */
record DatabaseFile(Path shown, Path real, boolean created) {

  /** SQLite's longest full path for a database (its limit of 512 bytes, less room for "-journal"). */
  static final int MAX_PATH_BYTES = 504;
  /** The longest file or folder name Linux file systems take. */
  static final int MAX_NAME_BYTES = 255;

  /** Checks {@code given} and creates the file (0600) and its missing folders (0700) when absent. */
  static DatabaseFile prepare(Path given) {
    Path shown = given.toAbsolutePath();
    String text = shown.toString();
    if (text.indexOf('\uFFFD') >= 0) {
      throw unusable(shown, "the path holds bytes that are not valid in this system's encoding,"
          + " so heph cannot name that file exactly; rename it or pick another path");
    }
    if (Files.isDirectory(shown)) {
      throw unusable("database path " + shown + " is a directory");
    }
    Optional<Path> existing = realPathOfExisting(shown);
    if (existing.isPresent()) {
      Path real = existing.get();
      if (!Files.isRegularFile(real)) {
        throw unusable("database path " + shown + " is not a regular file");
      }
      checkLength(shown, real);
      if (!Files.isWritable(real)) {
        throw new StoreFailure(StoreFailure.Kind.STORE_READ_ONLY,
            "database " + shown + " is read-only; heph needs to write to it", null);
      }
      return new DatabaseFile(shown, real, false);
    }
    if (Files.isSymbolicLink(shown)) {
      throw unusable(shown, "it is a symbolic link to a file that does not exist; heph will not create a file"
          + " through it");
    }
    Path parent = shown.getParent();
    checkLength(shown, expectedRealPath(shown));
    Path realParent;
    try {
      PrivateFiles.createDirectories(parent);
      realParent = parent.toRealPath();
    } catch (IOException e) {
      throw unusable("cannot create directory " + parent + " for the database: " + reason(e));
    }
    Path real = realParent.resolve(shown.getFileName().toString());
    checkLength(shown, real);
    try {
      return new DatabaseFile(shown, real, PrivateFiles.createFile(real));
    } catch (IOException e) {
      throw unusable(shown, reason(e));
    }
  }

  /**
   * Where a file that does not exist yet would really be: the real path of its nearest existing
   * folder plus the names still to create, each checked against the file system's name limit, so
   * that a path SQLite cannot take is refused before any folder is made for it.
   */
  private static Path expectedRealPath(Path shown) {
    Deque<String> missing = new ArrayDeque<>();
    Path existing = shown;
    while (existing != null && !Files.exists(existing)) {
      Path name = existing.getFileName();
      if (name != null) {
        missing.push(name.toString());
      }
      existing = existing.getParent();
    }
    Path real;
    try {
      real = existing == null ? Path.of("/") : existing.toRealPath();
    } catch (IOException e) {
      throw unusable(shown, reason(e));
    }
    for (String name : missing) {
      int bytes = name.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_NAME_BYTES) {
        throw unusable(shown, "a name in it is " + bytes + " bytes long and file systems take at most "
            + MAX_NAME_BYTES);
      }
      real = real.resolve(name);
    }
    return real.normalize();
  }

  /** The real path of an existing file, or empty when there is none. */
  private static Optional<Path> realPathOfExisting(Path shown) {
    try {
      return Optional.of(shown.toRealPath());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw unusable(shown, reason(e));
    }
  }

  private static void checkLength(Path shown, Path real) {
    int bytes = real.toString().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PATH_BYTES) {
      throw unusable(shown, "its full path is " + bytes + " bytes long and SQLite takes at most " + MAX_PATH_BYTES
          + "; use a shorter path");
    }
  }

  /** The connection URL: a URI naming exactly this file, which must exist ({@code mode=rw}). */
  String jdbcUrl() {
    StringBuilder uri = new StringBuilder("jdbc:sqlite:file://");
    for (byte b : real.toString().getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~".indexOf(c) >= 0) {
        uri.append(c);
      } else {
        uri.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return uri.append("?mode=rw").toString();
  }

  /**
   * Makes the database's files private (they may predate heph creating them 0600), and its folder
   * when that is one of heph's own; before SQLite opens the file, so that the {@code -wal} and
   * {@code -shm} it makes take the private mode. Only a file that is empty or heph's by its header
   * is touched: a foreign one is refused later and must stay as it was. Returns the notices.
   */
  List<String> tighten() {
    if (!emptyOrHephs()) {
      return List.of();
    }
    List<String> notices = new ArrayList<>();
    for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
      PrivateFiles.tighten(real.resolveSibling(real.getFileName() + suffix)).ifPresent(notices::add);
    }
    Path folder = real.getParent();
    for (Path own : Locations.ownDirectories(System.getenv())) {
      if (sameFolder(folder, own)) {
        PrivateFiles.tighten(folder).ifPresent(notices::add);
        break;
      }
    }
    return notices;
  }

  /** Whether the file is empty or a SQLite database with heph's application id (header offset 68). */
  private boolean emptyOrHephs() {
    byte[] header = new byte[72];
    int n;
    try (InputStream in = Files.newInputStream(real)) {
      n = in.readNBytes(header, 0, header.length);
    } catch (IOException e) {
      return false;
    }
    if (n == 0) {
      return true;
    }
    return n == header.length && new String(header, 0, 16, StandardCharsets.ISO_8859_1).equals("SQLite format 3\0")
        && ByteBuffer.wrap(header, 68, 4).getInt() == Schema.APPLICATION_ID;
  }

  private static boolean sameFolder(Path a, Path b) {
    try {
      return Files.isDirectory(b, LinkOption.NOFOLLOW_LINKS) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** Removes the file when this open created it and then failed: a failed open leaves nothing behind. */
  void discardIfCreated() {
    if (created) {
      try {
        Files.deleteIfExists(real);
      } catch (IOException ignored) {
        // an empty file is a harmless leftover
      }
    }
  }

  private static String reason(IOException e) {
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + " is in the way (it is not a folder)";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage();
  }

  private static HephException unusable(Path shown, String why) {
    return unusable("cannot use " + shown + " as the database: " + why);
  }

  private static HephException unusable(String message) {
    return new StoreFailure(StoreFailure.Kind.STORE_UNUSABLE, message, null);
  }
}
