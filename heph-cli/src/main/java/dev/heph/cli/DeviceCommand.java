package dev.heph.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Device;
import dev.heph.core.Heph;
import dev.heph.core.json.JsonText;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph device}: this device's id and name, and the devices whose changes this replica holds. */
final class DeviceCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "device", new String[] {
        "Show this device's id and name, and every device whose changes this replica holds.",
        "Names are this replica's own (never synced): heph log and heph conflicts show them."},
        "", "Examples:", "  heph device name laptop             # this device",
        "  heph device name 9f3a6c01 phone     # another one, by its id or a unique prefix",
        "  heph device --json                  # {\"origin\",\"name\",\"devices\":[{\"origin\",\"name\",\"self\",\"changes\",\"last\"}]}");
    spec.addSubcommand("name", new CommandLine(new DeviceNameCommand().spec()));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    try (Heph heph = in.open()) {
      List<Device> devices = heph.devices();
      Device self = devices.getFirst();
      if (in.json()) {
        in.out().jsonText(JsonText.of(g -> writeJson(g, self, devices)));
        return 0;
      }
      PrintStream p = in.out().text();
      p.println("this device: " + self.origin() + (self.name() == null ? " (no name; heph device name NAME gives it one)"
          : "  " + self.name()));
      Instant now = heph.wallClock().instant();
      int width = devices.stream().mapToInt(d -> name(d).length()).max().orElse(1);
      for (Device d : devices) {
        p.println((d.self() ? "* " : "  ") + d.origin() + "  " + name(d) + " ".repeat(width - name(d).length()) + "  "
            + d.changes() + (d.changes() == 1 ? " change" : " changes")
            + (d.last() == null ? "" : ", last " + When.localAndRelative(d.last(), now)));
      }
    }
    return 0;
  }

  /** The name as one terminal-safe line, or "-". */
  private static String name(Device d) {
    return Labels.orNone(d.name());
  }

  private static void writeJson(JsonGenerator g, Device self, List<Device> devices) throws IOException {
    g.writeStartObject();
    g.writeStringField("origin", self.origin());
    g.writeStringField("name", self.name());
    g.writeArrayFieldStart("devices");
    for (Device d : devices) {
      g.writeStartObject();
      g.writeStringField("origin", d.origin());
      g.writeStringField("name", d.name());
      g.writeBooleanField("self", d.self());
      g.writeNumberField("changes", d.changes());
      g.writeStringField("last", d.last() == null ? null : d.last().toString());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }
}
