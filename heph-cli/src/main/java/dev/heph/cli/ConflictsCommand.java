package dev.heph.cli;

import dev.heph.core.text.TerminalText;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Conflict;
import dev.heph.core.Heph;
import dev.heph.core.json.NodeJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph conflicts}: fields edited concurrently on several devices, with every value kept. */
final class ConflictsCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "conflicts", new String[] {
        "List fields that were edited concurrently and hold several values.",
        "With --json, prints a JSON array ([] when there is none)."},
        "", "Resolve one with: heph conflicts resolve ID FIELD (--value V | --pick HLC)");
    spec.addSubcommand("resolve", new CommandLine(new ResolveCommand().spec()));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    try (Heph heph = in.open()) {
      Output out = in.out();
      List<Conflict> conflicts = heph.conflicts();
      if (in.json()) {
        JsonGenerator g = out.json();
        try {
          g.writeStartArray();
          for (Conflict c : conflicts) {
            NodeJson.write(g, c);
          }
          g.writeEndArray();
          out.endDocument();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        return 0;
      }
      PrintStream p = out.text();
      if (conflicts.isEmpty()) {
        p.println("no conflicts");
      }
      Devices devices = new Devices(heph.origin(), heph.deviceNames());
      Instant now = heph.wallClock().instant();
      for (Conflict c : conflicts) {
        p.println(c.node() + "  " + (c.title() == null ? "(untitled)" : TerminalText.line(c.title())) + ": " + c.field() + " has " + c.values().size() + " values");
        for (Conflict.Candidate v : c.values()) {
          p.println("  --pick " +  v.hlc() + "  " + TerminalText.line(v.valueJson()) + "  (" + devices.label(v.origin())
              + ", " + When.local(v.at()) + ", " + When.relative(v.at(), now) + ")");
        }
      }
    }
    return 0;
  }
}
