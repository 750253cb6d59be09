package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NodeView;
import dev.heph.core.NodeView.NodeAndJson;
import java.util.List;
import java.util.function.BiFunction;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code heph done|rm ID...|FILTER} and {@code heph restore|start|stop ID...}: one action on each of
 * one or more nodes, named by id or (done, rm) selected by a filter.
 */
final class NodeActionCommand implements CliCommand {
  /** The node as both a record and JSON: the output picks one after the write. */
  private static final NodeView<NodeAndJson> BOTH = NodeView.NODE_AND_JSON;

  private final String name;
  private final String description;
  private final String outcome;
  /** What a confirmation asks ("Mark done"); null for a command that takes ids only. */
  private final String verb;
  private final BiFunction<Heph, String, NodeAndJson> action;

  private NodeActionCommand(String name, String description, String outcome, String verb,
      BiFunction<Heph, String, NodeAndJson> action) {
    this.name = name;
    this.description = description;
    this.outcome = outcome;
    this.verb = verb;
    this.action = action;
  }

  static NodeActionCommand done() {
    return new NodeActionCommand("done", "Mark a task done.", "done", "Mark done",
        (heph, ref) -> heph.done(ref, BOTH));
  }

  static NodeActionCommand start() {
    return new NodeActionCommand("start", "Start a task: it becomes active (start = now) and its status doing.",
        "started", null, (heph, ref) -> heph.start(ref, BOTH));
  }

  static NodeActionCommand stop() {
    return new NodeActionCommand("stop", "Stop a started task: start is cleared and a doing task is open again.",
        "stopped", null, (heph, ref) -> heph.stop(ref, BOTH));
  }

  static NodeActionCommand rm() {
    return new NodeActionCommand("rm", "Delete a node (soft: heph restore brings it back).", "deleted", "Delete",
        (heph, ref) -> heph.delete(ref, BOTH));
  }

  static NodeActionCommand restore() {
    return new NodeActionCommand("restore", "Restore a deleted node.", "restored", null,
        (heph, ref) -> heph.restore(ref, BOTH));
  }

  @Override
  public CommandSpec spec() {
    if (verb == null) {
      CommandSpec spec = Spec.command(this, name, new String[] {description},
          "", "Several ids: each is acted on by itself, a failure does not stop the others; one line each",
          "(--json: an array, a failed one as {\"ref\",\"error\":{\"code\",\"message\"}}); exit 0 only if all succeeded.");
      spec.addPositional(Spec.words(0, "ID", Ids.HELP));
      return spec;
    }
    CommandSpec spec = Spec.command(this, name, new String[] {description,
            "Give ids, or a filter: when the words are not all ids, they select the live nodes they match (a filter",
            "that names a status selects among those). More than " + Targets.ASK_ABOVE + " matches are confirmed on the"
                + " terminal first (--yes skips that; without a terminal, heph refuses and changes nothing)."},
        "", "Each node is acted on by itself, a failure does not stop the others; one line each, then how many",
        "for a filter (--json: an array, a failed one as {\"ref\",\"error\":{\"code\",\"message\"}}); exit 0 only if all",
        "succeeded.", "", "Examples:", "  heph " + name + " 3 5", "  heph " + name + " project:Home +errand --yes");
    spec.addOption(Spec.flag("--yes", Targets.YES_HELP));
    spec.addPositional(Spec.filterWords(0, "ID|FILTER", Ids.HELP + " Or: " + FilterWords.HELP, true));
    return FilterWords.acceptDashedWords(spec);
  }

  @Override
  public int run(Invocation in) {
    List<String> words = in.words(0);
    try (Heph heph = in.open()) {
      if (words.size() == 1 && (verb == null || Targets.areIds(words))) {
        in.out().changed(action.apply(heph, words.getFirst()), outcome, in.json());
        return 0;
      }
      if (verb == null) {
        return Bulk.byIds(in, heph, words, id -> action.apply(heph, id), outcome);
      }
      return Bulk.update(in, heph, words, verb, id -> action.apply(heph, id), outcome);
    }
  }
}
