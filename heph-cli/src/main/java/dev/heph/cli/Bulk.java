package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.NodeView.NodeAndJson;
import dev.heph.core.op.Json;
import dev.heph.core.text.TerminalText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One change applied to several nodes, each by itself: a failure does not stop the others. Prints
 * one line per node (or a JSON array, a failed one as {@code {"ref","error":{"code","message"}}})
 * and, for a filter's matches, how many changed.
 */
final class Bulk {
  private Bulk() {}

  /**
   * Applies {@code action} to each id ({@code refs} are what the person typed, for messages; a
   * null id is a ref that failed to resolve, with its {@code failures} entry). Returns the exit code.
   */
  static int apply(Invocation in, List<String> refs, List<String> ids, List<HephException> failures,
      Function<String, NodeAndJson> action, String outcome, boolean sayHowMany) {
    Output out = in.out();
    Consumer<String> array = in.json() ? out.jsonArrayStart() : null;
    int changed = 0;
    for (int i = 0; i < refs.size(); i++) {
      HephException failure = failures.get(i);
      if (failure == null) {
        try {
          NodeAndJson node = action.apply(ids.get(i));
          changed++;
          if (array != null) {
            array.accept(node.json());
          } else {
            out.changed(node, outcome, false);
          }
          continue;
        } catch (HephException e) {
          failure = e;
        }
      }
      System.err.println("heph: " + refs.get(i) + ": " + TerminalText.line(failure.getMessage()));
      if (array != null) {
        array.accept(errorJson(refs.get(i), failure));
      }
    }
    if (array != null) {
      out.jsonArrayEnd();
    } else if (sayHowMany) {
      out.text().println((changed == refs.size() ? "" : changed + " of ") + refs.size() + " node"
          + (refs.size() == 1 ? "" : "s") + " " + outcome);
    }
    return changed == refs.size() ? 0 : Failures.USER_ERROR;
  }

  /**
   * The whole of a command that changes the nodes its words name: ids (each resolved before
   * anything changes, so that numbers mean what {@code list} showed) or, when they are not all
   * ids, a filter's matches (see {@link Targets}), confirmed as {@code verb} when many.
   */
  static int update(Invocation in, Heph heph, List<String> words, String verb,
      Function<String, NodeAndJson> action, String outcome) {
    if (!Targets.areIds(words)) {
      List<String> ids = Targets.matching(heph, in, words, verb);
      return apply(in, ids, ids, new ArrayList<>(Collections.nCopies(ids.size(), null)), action, outcome, true);
    }
    return byIds(in, heph, words, action, outcome);
  }

  /** As {@link #update} for words that are all refs (a ref that names no node fails by itself). */
  static int byIds(Invocation in, Heph heph, List<String> words, Function<String, NodeAndJson> action,
      String outcome) {
    List<String> ids = new ArrayList<>();
    List<HephException> failures = new ArrayList<>();
    for (String ref : words) {
      try {
        ids.add(heph.get(ref).id());
        failures.add(null);
      } catch (HephException e) {
        ids.add(null);
        failures.add(e);
      }
    }
    return apply(in, words, ids, failures, action, outcome, false);
  }

  private static String errorJson(String ref, HephException e) {
    return "{\"ref\":" + Json.quote(ref) + ",\"error\":{\"code\":" + Json.quote(e.code()) + ",\"message\":"
        + Json.quote(e.getMessage()) + "}}";
  }
}
