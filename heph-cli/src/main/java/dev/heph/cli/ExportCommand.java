package dev.heph.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.Node;
import dev.heph.core.NodeView;
import dev.heph.core.query.Filter;
import dev.heph.core.taskwarrior.TaskwarriorWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code heph export [FILTER] --format taskwarrior|json|markdown}: the matching nodes, whole. */
final class ExportCommand implements CliCommand {
  /** The forms export writes. */
  enum Format { TASKWARRIOR, JSON, MARKDOWN }

  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "export", new String[] {
        "Export the nodes FILTER matches (every node, deleted and done ones too, when there is no filter).",
        "--format taskwarrior: tasks as 'task import' reads them (notes are left out), with what an import",
        "kept verbatim given back; json: heph's node objects, as list --json prints them; markdown: a",
        "checklist grouped by project."},
        "", "Examples:", "  heph export --format taskwarrior > tasks.json && task import tasks.json",
        "  heph export project:Home status:pending --format markdown");
    spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("0..*").type(List.class)
        .auxiliaryTypes(String.class).paramLabel("FILTER").description("Filter words, as list takes them.").build());
    spec.addOption(Spec.option("--format", "F", "taskwarrior, json or markdown (default: json)."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    Format format = format(in.option("--format"));
    Filter filter = Filter.parse(in.words(0));
    try (Heph heph = in.open()) {
      Output out = in.out();
      switch (format) {
        case JSON -> {
          heph.query(filter, NodeView.JSON, out.jsonArrayStart());
          out.jsonArrayEnd();
        }
        case TASKWARRIOR -> taskwarrior(heph, filter, out);
        case MARKDOWN -> MarkdownExport.write(heph, filter, out.text());
      }
    }
    return 0;
  }

  private static Format format(String name) {
    if (name == null) {
      return Format.JSON;
    }
    try {
      return Format.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new HephException.InvalidInput("unknown export format '" + name + "': use taskwarrior, json or markdown");
    }
  }

  private static void taskwarrior(Heph heph, Filter filter, Output out) {
    JsonGenerator g = out.json();
    try {
      g.writeStartArray();
      heph.query(filter, NodeView.NODE, node -> write(heph, g, node));
      g.writeEndArray();
      out.endDocument();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Heph heph, JsonGenerator g, Node node) {
    if (!TaskwarriorWriter.exportable(node)) {
      return;
    }
    try {
      TaskwarriorWriter.write(g, node, heph.wallClock().getZone());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
