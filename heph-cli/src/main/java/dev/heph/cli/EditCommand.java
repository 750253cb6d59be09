package dev.heph.cli;

import dev.heph.core.Changes;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.Node;
import dev.heph.core.NodeView;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code heph edit ID} (alias {@code modify}): changes fields; only fields whose value changes are
 * written. With no field flags, opens the person's editor on the title and body. Several ids or a
 * filter change every node named or matched (see {@link Targets}).
 */
final class EditCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "edit",
        new String[] {"Edit a node's fields. Use 'none' to clear --due, --priority, --project, --scheduled, --wait",
            "or --until, \"\" to clear --body, --uda KEY= to remove a UDA.",
            "With no field flags, opens $VISUAL, else $EDITOR, else vi on the title (first line) and the body",
            "(after a blank line), like git commit; saving an unchanged file or an empty title changes nothing."},
        "", "Examples:", "  heph edit 3 --title \"Buy oat milk\" --tag errand --untag home",
        "  heph edit 3 --project Work --wait none --uda estimate=3h --depends 5 --no-depends 4",
        "  heph edit project:Home +errand --due eow      # every live node the filter matches",
        "  heph edit 3                             # title and body in your editor",
        "  git log -1 --format=%%B | heph edit 3 --body -");
    spec.addPositional(Spec.filterWords(0, "ID|FILTER", Ids.HELP + " Several ids, or a filter (" + FilterWords.HELP
        + "), change every node named or matched; more than " + Targets.ASK_ABOVE + " matches are confirmed first.",
        true));
    spec.addOption(Spec.flag("--yes", Targets.YES_HELP));
    FilterWords.acceptDashedWords(spec);
    spec.addOption(Spec.option("--title", "T", "New title."));
    spec.addOption(Spec.option("--body", "T", "New body text; - reads it from standard input (UTF-8)."));
    spec.addOption(Spec.option("--status", "S", "open, doing, done or cancelled (tasks only)."));
    spec.addOption(Spec.option("--due", "D", "Due date: " + TaskFlags.DATES + "; none clears it."));
    spec.addOption(Spec.option("--priority", "P", "H, M, L or none."));
    spec.addOption(Spec.repeatable("--tag", "T", "Add a tag (repeatable)."));
    spec.addOption(Spec.repeatable("--untag", "T", "Remove a tag (repeatable)."));
    TaskFlags.addTo(spec, true);
    return spec;
  }

  @Override
  public int run(Invocation in) {
    Changes changes = new Changes(in.option("--title"), Stdin.orValue(in.option("--body")), in.option("--status"),
        in.option("--due"), in.option("--priority"), in.options("--tag"), in.options("--untag"),
        in.option("--project"), in.option("--scheduled"), in.option("--wait"), in.option("--until"),
        TaskFlags.depends(in), in.options("--no-depends"), TaskFlags.udas(in));
    List<String> words = in.words(0);
    boolean one = words.size() == 1 && Targets.areIds(words);
    if (changes.isEmpty()) {
      if (!one) {
        throw new HephException.InvalidInput("the editor edits one node; to change several, give the fields to"
            + " change (--title, --due, --tag...)");
      }
      return inEditor(in, words.getFirst());
    }
    try (Heph heph = in.open()) {
      if (one) {
        in.out().changed(heph.update(words.getFirst(), changes, NodeView.NODE_AND_JSON), "updated", in.json());
        return 0;
      }
      return Bulk.update(in, heph, words, "Change", id -> heph.update(id, changes, NodeView.NODE_AND_JSON), "updated");
    }
  }

  /**
   * The title and body in the person's editor. The store is closed while the editor runs (for as
   * long as the person takes); the fields whose text they changed are then written in one edit.
   */
  private static int inEditor(Invocation in, String ref) {
    Node node;
    try (Heph heph = in.open()) {
      node = heph.get(ref);
    }
    String shown = EditorText.render(node);
    String saved = Editor.edit(shown, System.getenv());
    Changes changes = new Changes(null, null, null, null, null, List.of(), List.of());
    if (!saved.equals(shown)) {
      // Compared with the file as first read back, not with the node: what the format cannot show
      // exactly (a body's last line break) is not rewritten by an edit of the title.
      EditorText before = EditorText.parse(shown);
      EditorText after = EditorText.parse(saved);
      if (after.title().isBlank()) {
        throw new HephException.InvalidInput("the title is empty, so nothing was changed");
      }
      changes = new Changes(changed(before.title(), after.title()), changed(before.body(), after.body()), null,
          null, null, List.of(), List.of());
    }
    try (Heph heph = in.open()) {
      if (changes.isEmpty()) {
        in.out().changed(heph.get(node.id(), NodeView.NODE_AND_JSON), "no changes", in.json());
      } else {
        in.out().changed(heph.update(node.id(), changes, NodeView.NODE_AND_JSON), "updated", in.json());
      }
    }
    return 0;
  }

  /** {@code after} when it differs from {@code before}, else null (left as is). */
  private static String changed(String before, String after) {
    return before.equals(after) ? null : after;
  }
}
