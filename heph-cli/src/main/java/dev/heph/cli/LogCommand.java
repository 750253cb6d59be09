package dev.heph.cli;

import dev.heph.core.text.TerminalText;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Heph;
import dev.heph.core.HistoryEntry;
import dev.heph.core.json.NodeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph log ID}: a node's history, one op a line: when, which device, what. */
final class LogCommand implements CliCommand {
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
      Devices devices = new Devices(heph.origin(), heph.deviceNames());
      for (HistoryEntry h : history) {
        out.text().println(When.localSeconds(h.at()) + "  " + devices.label(h.origin()) + "  " + TerminalText.line(h.summary()));
      }
    }
    return 0;
  }
}
