package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.Node;
import dev.heph.core.store.Projection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code heph search WORDS}: full-text search over titles and bodies; prints matching ids. */
@Command(name = "search", description = {"Full-text search over titles and bodies of live nodes.",
    "Every word must match (as a word prefix). Prints one id per line, best match first; --json prints nodes."})
final class SearchCommand implements Callable<Integer> {
  @Mixin GlobalOptions global;

  @Parameters(arity = "1..*", paramLabel = "WORDS", description = "Words to look for.")
  List<String> words;

  @Override
  public Integer call() {
    try (Heph heph = global.open(); Output out = new Output()) {
      String query = String.join(" ", words);
      if (global.json) {
        heph.search(query, Projection.JSON).forEach(out.jsonArrayStart());
        out.jsonArrayEnd();
      } else {
        for (Node n : heph.search(query)) {
          out.text().println(n.id());
        }
      }
    }
    return 0;
  }
}
