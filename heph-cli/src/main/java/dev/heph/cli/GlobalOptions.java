package dev.heph.cli;

import dev.heph.core.Heph;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes, before or after its name: the store, JSON output, debugging. */
final class GlobalOptions {
  @Option(names = "--db", paramLabel = "PATH",
      description = "Database file (default: $HEPH_DB, else $XDG_DATA_HOME/heph/heph.db, else ~/.local/share/heph/heph.db).")
  Path db;

  @Option(names = "--json", description = "Print machine-readable JSON (documented, stable shapes).")
  boolean json;

  @Option(names = "--debug", description = "Show stack traces on errors.")
  boolean debug;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean help;

  /** Takes the options given before a nested subcommand's name (heph conflicts --db X resolve ...). */
  void inheritFrom(GlobalOptions outer) {
    if (db == null) {
      db = outer.db;
    }
    json |= outer.json;
    debug |= outer.debug;
  }

  /** The database path the options and environment select. */
  Path dbPath() {
    if (db != null) {
      return db;
    }
    String env = System.getenv("HEPH_DB");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String xdg = System.getenv("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
    return base.resolve("heph").resolve("heph.db");
  }

  /** Opens the replica the options select. */
  Heph open() {
    return Heph.open(dbPath());
  }
}
