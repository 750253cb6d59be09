package dev.heph.cli;

import dev.heph.core.Heph;
import dev.heph.core.NodeView;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code heph conflicts resolve ID FIELD (--value V | --pick HLC)}: one write that supersedes every value. */
final class ResolveCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "resolve",
        new String[] {"Resolve a conflict with a new value or by picking one of the values."},
        "", "Examples:", "  heph conflicts resolve 0193a2b4 title --value \"Buy oat milk\"",
        "  heph conflicts resolve 0193a2b4 title --pick 001764028800123-00000-9f3a6c01d2e4b758",
        "  heph conflicts resolve 0193a2b4 udas --value estimate=2h    # a UDA: KEY=VALUE");
    spec.addPositional(Spec.positional(0, "ID", Ids.HELP));
    spec.addPositional(Spec.positional(1, "FIELD", "The conflicting field, e.g. title."));
    spec.addArgGroup(ArgGroupSpec.builder().exclusive(true).multiplicity("1")
        .addArg(OptionSpec.builder("--value").type(String.class).paramLabel("V").required(true)
            .description("Write this new value (for udas: KEY=VALUE).").build())
        .addArg(OptionSpec.builder("--pick").type(String.class).paramLabel("HLC").required(true)
            .description("Keep the value written by this op (hlc or prefix, from heph conflicts).").build())
        .build());
    return spec;
  }

  @Override
  public int run(Invocation in) {
    String field = in.positional(1);
    try (Heph heph = in.open()) {
      Output out = in.out();
      out.changed(heph.resolve(in.positional(0), field, in.option("--value"), in.option("--pick"),
          NodeView.NODE_AND_JSON), field + " resolved", in.json());
    }
    return 0;
  }
}
