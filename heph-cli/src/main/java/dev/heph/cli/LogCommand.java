package dev.heph.cli;

import dev.heph.core.text.TerminalText;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Heph;
import dev.heph.core.HistoryEntry;
import dev.heph.core.json.NodeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph log ID}: a node's history, one op a line: when, which device, what. */
final class LogCommand implements CliCommand {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "log",
        new String[] {"Show a node's history: every change, when, and from which device."});
    spec.addPositional(Spec.positional(0, "ID", Ids.HELP));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    try (Heph heph = in.open()) {
      Output out = in.out();
      List<HistoryEntry> history = heph.history(in.positional(0));
      if (in.json()) {
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
        out.text().println(WHEN.format(h.at().atZone(zone)) + "  " + who + "  " + TerminalText.line(h.summary()));
      }
    }
    return 0;
  }
}
