package dev.heph.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The daemon's file beside a database, {@code DB.hephd.lock}: hephd locks it for its life and
 * writes its pid on the first line and, in local mode, the socket it listens on on the second. So
 * {@code heph daemon status} finds the daemon serving the database in use, whatever its socket.
 */
public record DaemonFile(long pid, Optional<Path> socket) {
  /** The file for {@code db}, through its real path: a symlink to the database finds the same file. */
  public static Path of(Path db) throws IOException {
    Path real = Files.exists(db) ? db.toRealPath() : db.toAbsolutePath();
    return real.resolveSibling(real.getFileName() + ".hephd.lock");
  }

  /** What the file beside {@code db} says, if it exists and names a pid (a stale one stays after a daemon died). */
  public static Optional<DaemonFile> read(Path db) {
    try {
      return parse(Files.readString(of(db), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // no daemon ever served it, or the file is not ours to read
    }
  }

  /** Reads the text of a file; empty when it names no pid. */
  public static Optional<DaemonFile> parse(String text) {
    List<String> lines = text.lines().map(String::strip).toList();
    if (lines.isEmpty() || !lines.getFirst().matches("[0-9]{1,19}")) {
      return Optional.empty();
    }
    Optional<Path> socket = lines.size() > 1 && lines.get(1).startsWith("/") ? Optional.of(Path.of(lines.get(1)))
        : Optional.empty();
    return Optional.of(new DaemonFile(Long.parseLong(lines.getFirst()), socket));
  }

  /** The file's text. */
  public String text() {
    return pid + "\n" + socket.map(s -> s.toAbsolutePath() + "\n").orElse("");
  }
}
