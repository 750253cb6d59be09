package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.Locations;
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
    return db != null ? db : Locations.defaultDb(System.getenv());
  }

  /** Opens the replica the options select. */
  Heph open() {
    return Heph.open(dbPath());
  }
}
