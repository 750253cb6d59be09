package dev.heph.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Heph;
import dev.heph.core.HistoryEntry;
import dev.heph.core.json.NodeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code heph log ID}: a node's history, one op a line: when, which device, what. */
@Command(name = "log", description = "Show a node's history: every change, when, and from which device.")
final class LogCommand implements Callable<Integer> {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Mixin GlobalOptions global;

  @Parameters(paramLabel = "ID", description = "Node id or unique prefix.")
  String id;

  @Override
  public Integer call() {
    try (Heph heph = global.open(); Output out = new Output()) {
      List<HistoryEntry> history = heph.history(id);
      if (global.json) {
        JsonGenerator g = out.json();
        try {
          g.writeStartArray();
          for (HistoryEntry h : history) {
            NodeJson.write(g, h);
          }
          g.writeEndArray();
          out.endDocument();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return 0;
      }
      String self = heph.origin();
      ZoneId zone = ZoneId.systemDefault();
      for (HistoryEntry h : history) {
        String who = h.origin().equals(self) ? "this device" : "device " + h.origin();
        out.text().println(WHEN.format(h.at().atZone(zone)) + "  " + who + "  " + h.summary());
      }
    }
    return 0;
  }
}
