package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.json.JsonText;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code heph device name [DEVICE] NAME}: names this device, or another one, on this replica. */
final class DeviceNameCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "name", new String[] {
        "Name this device (one argument) or another device (its id or a unique prefix, then the name).",
        "The name is kept in this replica only; heph log and heph conflicts show it instead of the id."});
    spec.addPositional(PositionalParamSpec.builder().index("0..1").arity("1..2").required(true).type(List.class)
        .auxiliaryTypes(String.class).paramLabel("[DEVICE] NAME").description("e.g. laptop, or 9f3a6c01 phone").build());
    return spec;
  }

  @Override
  public int run(Invocation in) {
    List<String> words = in.words(0);
    String ref = words.size() == 2 ? words.getFirst() : null;
    String name = words.getLast();
    try (Heph heph = in.open()) {
      String origin = heph.nameDevice(ref, name);
      if (in.json()) {
        in.out().jsonText(JsonText.of(g -> {
          g.writeStartObject();
          g.writeStringField("origin", origin);
          g.writeStringField("name", name.strip());
          g.writeBooleanField("self", origin.equals(heph.origin()));
          g.writeEndObject();
        }));
      } else {
        in.out().text().println((origin.equals(heph.origin()) ? "this device (" + origin + ")" : "device " + origin)
            + " is now named " + name.strip());
      }
    }
    return 0;
  }
}
