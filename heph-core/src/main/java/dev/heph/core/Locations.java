package dev.heph.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Where heph keeps things by default, from the environment: the database and the daemon's socket. */
public final class Locations {
  private Locations() {}

  /** {@code $HEPH_DB}, else {@code $XDG_DATA_HOME/heph/heph.db}, else {@code ~/.local/share/heph/heph.db}. */
  public static Path defaultDb(Map<String, String> env) {
    String db = env.get("HEPH_DB");
    if (db != null && !db.isBlank()) {
      return Path.of(db);
    }
    return dataDir(env).resolve("heph.db");
  }

  /** {@code $XDG_RUNTIME_DIR/heph/hephd.sock}, else {@code ~/.local/share/heph/hephd.sock}. */
  public static Path socket(Map<String, String> env) {
    String runtime = env.get("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isBlank()) {
      return Path.of(runtime, "heph", "hephd.sock");
    }
    return Path.of(home(env), ".local", "share", "heph", "hephd.sock");
  }

  /**
   * The folders that are heph's own (its data folder and its runtime folder), which heph keeps
   * 0700. Any other folder, such as one holding a {@code --db} file, is the person's, and heph
   * never changes its permissions.
   */
  public static List<Path> ownDirectories(Map<String, String> env) {
    List<Path> own = new ArrayList<>(List.of(dataDir(env).toAbsolutePath()));
    own.add(socket(env).toAbsolutePath().getParent());
    return own.stream().distinct().toList();
  }

  private static Path dataDir(Map<String, String> env) {
    String xdg = env.get("XDG_DATA_HOME");
    return xdg != null && !xdg.isBlank() ? Path.of(xdg, "heph") : Path.of(home(env), ".local", "share", "heph");
  }

  private static String home(Map<String, String> env) {
    String home = env.get("HOME");
    return home != null && !home.isBlank() ? home : System.getProperty("user.home");
  }
}
