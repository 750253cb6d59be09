package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.op.Json;
import dev.heph.core.text.TerminalText;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import dev.heph.core.NodeView;
import dev.heph.core.NodeView.NodeAndJson;
import java.util.function.BiFunction;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph done|rm|restore ID...}: one action on each of one or more nodes. */
final class NodeActionCommand implements CliCommand {
  /** The node as both a record and JSON: the output picks one after the write. */
  private static final NodeView<NodeAndJson> BOTH = NodeView.NODE_AND_JSON;

  private final String name;
  private final String description;
  private final String outcome;
  private final BiFunction<Heph, String, NodeAndJson> action;

  private NodeActionCommand(String name, String description, String outcome,
      BiFunction<Heph, String, NodeAndJson> action) {
    this.name = name;
    this.description = description;
    this.outcome = outcome;
    this.action = action;
  }

  static NodeActionCommand done() {
    return new NodeActionCommand("done", "Mark a task done.", "done",
        (heph, ref) -> heph.done(ref, BOTH));
  }

  static NodeActionCommand start() {
    return new NodeActionCommand("start", "Start a task: it becomes active (start = now) and its status doing.",
        "started", (heph, ref) -> heph.start(ref, BOTH));
  }

  static NodeActionCommand stop() {
    return new NodeActionCommand("stop", "Stop a started task: start is cleared and a doing task is open again.",
        "stopped", (heph, ref) -> heph.stop(ref, BOTH));
  }

  static NodeActionCommand rm() {
    return new NodeActionCommand("rm", "Delete a node (soft: heph restore brings it back).", "deleted",
        (heph, ref) -> heph.delete(ref, BOTH));
  }

  static NodeActionCommand restore() {
    return new NodeActionCommand("restore", "Restore a deleted node.", "restored",
        (heph, ref) -> heph.restore(ref, BOTH));
  }

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, name, new String[] {description},
        "", "Several ids: each is acted on by itself, a failure does not stop the others; one line each",
        "(--json: an array, a failed one as {\"ref\",\"error\":{\"code\",\"message\"}}); exit 0 only if all succeeded.");
    spec.addPositional(Spec.words(0, "ID", Ids.HELP));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    List<String> refs = in.words(0);
    try (Heph heph = in.open()) {
      Output out = in.out();
      if (refs.size() == 1) {
        out.changed(action.apply(heph, refs.getFirst()), outcome, in.json());
        return 0;
      }
      // Every ref is resolved before anything changes, so that the numbers mean what `list` showed.
      List<String> ids = new ArrayList<>();
      List<HephException> failures = new ArrayList<>();
      for (String ref : refs) {
        try {
          ids.add(heph.get(ref).id());
          failures.add(null);
        } catch (HephException e) {
          ids.add(null);
          failures.add(e);
        }
      }
      Consumer<String> array = in.json() ? out.jsonArrayStart() : null;
      boolean allDone = true;
      for (int i = 0; i < refs.size(); i++) {
        HephException failure = failures.get(i);
        if (failure == null) {
          try {
            NodeAndJson changed = action.apply(heph, ids.get(i));
            if (array != null) {
              array.accept(changed.json());
            } else {
              out.changed(changed, outcome, false);
            }
            continue;
          } catch (HephException e) {
            failure = e;
          }
        }
        allDone = false;
        System.err.println("heph: " + refs.get(i) + ": " + TerminalText.line(failure.getMessage()));
        if (array != null) {
          array.accept(errorJson(refs.get(i), failure));
        }
      }
      if (array != null) {
        out.jsonArrayEnd();
      }
      return allDone ? 0 : Failures.USER_ERROR;
    }
  }

  private static String errorJson(String ref, HephException e) {
    return "{\"ref\":" + Json.quote(ref) + ",\"error\":{\"code\":" + Json.quote(e.code()) + ",\"message\":"
        + Json.quote(e.getMessage()) + "}}";
  }
}
