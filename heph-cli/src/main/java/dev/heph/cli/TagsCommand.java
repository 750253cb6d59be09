package dev.heph.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.cli.Table.Cell;
import dev.heph.cli.Table.Column;
import dev.heph.core.Heph;
import dev.heph.core.TagCount;
import dev.heph.core.text.TerminalText;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph tags}: each tag of a pending task, with how many pending tasks carry it. */
final class TagsCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    return Spec.command(this, "tags", new String[] {"Tags of pending tasks, with how many pending tasks carry each.",
        "With --json, prints [{\"tag\",\"count\"}]."});
  }

  @Override
  public int run(Invocation in) throws IOException {
    List<TagCount> tags;
    try (Heph heph = in.open()) {
      tags = heph.tags();
    }
    Output out = in.out();
    if (in.json()) {
      JsonGenerator g = out.json();
      g.writeStartArray();
      for (TagCount t : tags) {
        g.writeStartObject();
        g.writeStringField("tag", t.tag());
        g.writeNumberField("count", t.count());
        g.writeEndObject();
      }
      g.writeEndArray();
      out.endDocument();
      return 0;
    }
    Table table = new Table(List.of(Column.shrinking("TAG", 1, 8, 0), Column.number("COUNT")));
    for (TagCount t : tags) {
      table.add(Style.NONE, List.of(Cell.of(TerminalText.line(t.tag())), Cell.of(Integer.toString(t.count()))));
    }
    PrintStream p = out.rendered();
    table.lines(in.terminal()).forEach(p::println);
    p.println(tags.size() == 1 ? "1 tag" : tags.size() + " tags");
    return 0;
  }
}
