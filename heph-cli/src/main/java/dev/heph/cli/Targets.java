package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.Node;
import dev.heph.core.NodeView;
import dev.heph.core.query.Filter;
import dev.heph.core.text.TerminalText;
import java.io.Console;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The nodes a command that changes nodes acts on ({@code done}, {@code rm}, {@code edit}): the ids
 * given, as today, or, when the words are not all ids, the live nodes they match as a filter.
 * More than {@value #ASK_ABOVE} matches are confirmed on the terminal first (Taskwarrior's bulk
 * rule); without a terminal only {@code --yes} lets them through.
 */
final class Targets {
  private Targets() {}

  /** Filters that match more nodes than this ask first. */
  static final int ASK_ABOVE = 3;

  /** The description of {@code --yes}. */
  static final String YES_HELP = "Change more than " + ASK_ABOVE + " matching nodes without asking (for scripts).";

  /**
   * A node number, or an id or id prefix: hex digits and dashes, with a digit or a dash or at least
   * 8 characters (so that a word such as {@code cafe} is text to search, and {@code deadbeef} an id).
   */
  private static final Pattern ID = Pattern.compile("(?=.*[0-9-]|.{8})[0-9a-fA-F-]+");

  /** Whether every word names a node by id, so that they are ids rather than a filter. */
  static boolean areIds(List<String> words) {
    return words.stream().allMatch(w -> ID.matcher(w.strip()).matches());
  }

  /**
   * The ids of the nodes the filter words match (live ones, unless the filter names a status), in
   * creation order; at least one, and confirmed when there are many. {@code verb} says what will
   * happen to them ("mark done").
   */
  static List<String> matching(Heph heph, Invocation in, List<String> words, String verb) {
    Filter filter = Filter.liveUnlessStatusNamed(Filter.parse(words));
    List<Node> nodes = new ArrayList<>();
    heph.query(filter, NodeView.NODE, nodes::add);
    String said = String.join(" ", words);
    if (nodes.isEmpty()) {
      throw new HephException.NotFound("no node matches '" + said + "'; nothing changed");
    }
    if (nodes.size() > ASK_ABOVE && !in.flag("--yes")) {
      confirm(nodes, said, verb);
    }
    return nodes.stream().map(Node::id).toList();
  }

  private static void confirm(List<Node> nodes, String said, String verb) {
    Console console = System.console();
    if (console == null || !console.isTerminal()) {
      throw new HephException.InvalidInput(nodes.size() + " nodes match '" + said + "': heph asks before it "
          + "changes more than " + ASK_ABOVE + ", and there is no terminal to ask on; add --yes to go ahead"
          + " (nothing changed)");
    }
    for (Node n : nodes) {
      console.printf("  %s  %s%n", n.num() != null ? n.num().toString() : n.id(), TerminalText.line(n.title()));
    }
    String answer = console.readLine("%s these %d nodes? [y/N] ", verb, nodes.size());
    String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
    if (!a.equals("y") && !a.equals("yes")) {
      throw new HephException.InvalidInput("not confirmed: nothing changed");
    }
  }
}
