package dev.heph.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * Filter words among a command's positional words ({@code heph list project:Home +errand -work}):
 * the help that describes them, and the parser settings that keep them words. A filter's {@code -tag} looks like an option to
 * picocli, so commands that take a filter hand unknown dashed words over as words; a word that
 * begins with two dashes is still a mistyped option, and is refused as one (a usage error).
 */
final class FilterWords {
  private FilterWords() {}

  /** The description of a FILTER parameter. */
  static final String HELP = "Filter words, all of which must match unless joined by 'or': project:Home (and its"
      + " sub-projects), +tag, -tag, status:pending|completed|deleted|waiting, due.before:eom, due:today,"
      + " description.has:milk, +OVERDUE, +ACTIVE, +BLOCKED, +WAITING, bare words (in title or body),"
      + " 'or', 'xor', parentheses. See docs/filters.md.";

  /**
   * Makes {@code spec} take words such as {@code -home} as positional words: not unknown options,
   * and not {@code -h -o -m -e} either (clustered short options are off; heph has only {@code -h}).
   */
  static CommandSpec acceptDashedWords(CommandSpec spec) {
    spec.parser().unmatchedOptionsArePositionalParams(true).posixClusteredShortOptionsAllowed(false);
    return spec;
  }
}
