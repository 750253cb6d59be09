package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.Locations;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ParseResult;

/**
 * A parsed command line: the command's own options and parameters, and the global ones
 * ({@code --db}, {@code --json}, {@code --debug}), which may also have been given to a parent
 * command ({@code heph conflicts --db X resolve ...}).
 */
final class Invocation {
  private final ParseResult parsed;
  private final ParseResult parent;

  Invocation(ParseResult parsed, ParseResult parent) {
    this.parsed = parsed;
    this.parent = parent;
  }

  /** An option's value, or null when it was not given. */
  String option(String name) {
    return parsed.matchedOptionValue(name, null);
  }

  boolean flag(String name) {
    return parsed.matchedOptionValue(name, false);
  }

  /** A repeatable option's values (empty when not given). */
  List<String> options(String name) {
    return parsed.matchedOptionValue(name, List.of());
  }

  /** The positional parameter at {@code index}. */
  String positional(int index) {
    return parsed.matchedPositionalValue(index, null);
  }

  /** The words of a multi-word positional parameter. */
  List<String> words(int index) {
    return parsed.matchedPositionalValue(index, List.of());
  }

  boolean json() {
    return global("--json", false);
  }

  boolean debug() {
    return global("--debug", false);
  }

  /** The database the options and environment select. */
  Path dbPath() {
    String db = global("--db", null);
    try {
      return db != null ? Path.of(db) : Locations.defaultDb(System.getenv());
    } catch (InvalidPathException e) {
      // e.g. a name this locale's encoding cannot represent (LANG=C and a non-ASCII name)
      throw new HephException.StoreFailure("store_unusable", "cannot use " + (db != null ? db : "$HEPH_DB")
          + " as the database: " + e.getReason(), e);
    }
  }

  /** Opens the replica the options select, saying once on stderr what opening made private. */
  Heph open() {
    Heph heph = Heph.open(dbPath());
    for (String notice : heph.store().notices()) {
      System.err.println("heph: " + notice);
    }
    return heph;
  }

  private <T> T global(String name, T fallback) {
    if (parsed.hasMatchedOption(name)) {
      return parsed.matchedOptionValue(name, fallback);
    }
    return parent != null ? parent.matchedOptionValue(name, fallback) : fallback;
  }
}
