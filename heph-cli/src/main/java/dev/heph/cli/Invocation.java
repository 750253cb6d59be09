package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.HephException.StoreFailure;
import dev.heph.core.Locations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.ParseResult;

/**
 * A parsed command line: the command's own options and parameters, and the global ones
 * ({@code --db}, {@code --json}, {@code --debug}, {@code --color}), which may also have been given to a parent
 * command ({@code heph conflicts --db X resolve ...}).
 */
final class Invocation {
  private final ParseResult parsed;
  private final ParseResult parent;
  private Output out;
  private Terminal terminal;

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

  /** The words of a multi-word positional parameter (also one read by {@link Spec#filterWords}). */
  List<String> words(int index) {
    List<String> matched = parsed.matchedPositionalValue(index, null);
    if (matched != null) {
      return matched;
    }
    for (picocli.CommandLine.Model.PositionalParamSpec p : parsed.commandSpec().positionalParameters()) {
      if (p.index().min() == index && p.getValue() != null) {
        return p.getValue();
      }
    }
    return List.of();
  }

  boolean json() {
    return global("--json", false);
  }

  boolean debug() {
    return global("--debug", false);
  }

  /** What stdout is (colour, size), under {@code --color} and the environment; detected once. */
  Terminal terminal() {
    if (terminal == null) {
      terminal = Terminal.detect(colourChoice(), System.getenv());
    }
    return terminal;
  }

  /** The {@code --color} choice; a bad one is refused before the command runs (see Main). */
  Terminal.ColourChoice colourChoice() {
    return Terminal.ColourChoice.parse(global("--color", null));
  }

  /** Now, in the replica's zone: what tables measure relative dates and overdue from. */
  static java.time.ZonedDateTime now(Heph heph) {
    return java.time.ZonedDateTime.now(heph.wallClock());
  }

  /**
   * The database the options and environment select. A path a person gave ({@code --db} or
   * {@code $HEPH_DB}) must be in a folder that exists: a typo there would otherwise make a new,
   * empty store and the person's tasks would seem gone. Only the default location is created.
   */
  Path dbPath() {
    String db = global("--db", null);
    String given = db != null ? "--db" : System.getenv().getOrDefault("HEPH_DB", "").isBlank() ? null : "$HEPH_DB";
    Path path;
    try {
      path = db != null ? Path.of(db) : Locations.defaultDb(System.getenv());
    } catch (InvalidPathException e) {
      // e.g. a name this locale's encoding cannot represent (LANG=C and a non-ASCII name)
      throw new StoreFailure(StoreFailure.Kind.STORE_UNUSABLE, "cannot use " + (db != null ? db : "$HEPH_DB")
          + " as the database: " + e.getReason(), e);
    }
    if (given != null) {
      requireFolder(path, given);
    }
    return path;
  }

  /** Refuses a database path whose folder does not exist, naming the folder and where the path came from. */
  private static void requireFolder(Path db, String given) {
    Path folder = db.toAbsolutePath().getParent();
    if (folder == null) {
      return;
    }
    try {
      Files.readAttributes(folder, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new StoreFailure(StoreFailure.Kind.STORE_UNUSABLE, "cannot use " + db + " (" + given
          + ") as the database: the folder " + folder + " does not exist; create it first, or check the path", e);
    } catch (IOException e) {
      // Not a folder, a loop of links, a name too long...: opening the store refuses it, saying exactly why.
    }
  }

  /** Opens the replica the options select, saying once on stderr what opening made private. */
  Heph open() {
    Heph heph = Heph.open(dbPath(), options());
    for (String notice : heph.notices()) {
      System.err.println("heph: " + dev.heph.core.text.TerminalText.line(notice));
    }
    return heph;
  }

  /**
   * For tests only: the system property {@code heph.test.clock-offset} (an ISO-8601 duration such
   * as {@code P3D} or {@code -PT2H}) shifts this process's wall clock, so that an end-to-end test
   * can run a device whose clock is wrong. Not an option: nobody should set it in real use.
   */
  private static Heph.Options options() {
    String offset = System.getProperty("heph.test.clock-offset");
    if (offset == null) {
      return Heph.Options.DEFAULTS;
    }
    Heph.Options d = Heph.Options.DEFAULTS;
    return new Heph.Options(Clock.offset(d.wallClock(), Duration.parse(offset)), d.maxDrift(), d.idRandom());
  }

  /** This command's standard output, written only if the command succeeds (see {@link Output}). */
  Output out() {
    if (out == null) {
      out = new Output();
    }
    return out;
  }

  /** Writes the answer of a command that succeeded. */
  void commitOutput() {
    if (out != null) {
      out.commit();
    }
  }

  private <T> T global(String name, T fallback) {
    if (parsed.hasMatchedOption(name)) {
      return parsed.matchedOptionValue(name, fallback);
    }
    return parent != null ? parent.matchedOptionValue(name, fallback) : fallback;
  }
}
