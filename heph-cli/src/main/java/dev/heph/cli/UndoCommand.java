package dev.heph.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Heph;
import dev.heph.core.Undone;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph undo}: reverts the last command made on this device, by new ops that sync like any edit. */
final class UndoCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    return Spec.command(this, "undo", new String[] {
        "Undo the last command made on this device (add, edit, done, rm, restore, link, ...).",
        "It writes new ops that put back what the command changed, so the undo syncs to your other devices;",
        "history is never rewritten. Undo is a stack: run it again to undo the command before (an undo is",
        "not itself undone). Prints one line per node: 'undid: edit of 'Buy milk' (title, due)'."},
        "", "Refused, changing nothing, when a change that arrived later (from another device, or made after",
        "the command) touches a field the command changed; the error names the fields and the device.",
        "--json: {\"undid\":[{\"id\",\"title\",\"action\",\"fields\"}]}; action is add, edit, done, delete or restore.");
  }

  @Override
  public int run(Invocation in) {
    try (Heph heph = in.open()) {
      Undone undone = heph.undo();
      Output out = in.out();
      if (in.json()) {
        write(out, undone);
      } else {
        for (Undone.Item item : undone.items()) {
          out.text().println("undid: " + item.describe());
        }
      }
    }
    return 0;
  }

  private static void write(Output out, Undone undone) {
    JsonGenerator g = out.json();
    try {
      g.writeStartObject();
      g.writeArrayFieldStart("undid");
      for (Undone.Item item : undone.items()) {
        g.writeStartObject();
        g.writeStringField("id", item.id());
        g.writeStringField("title", item.title());
        g.writeStringField("action", item.action());
        g.writeArrayFieldStart("fields");
        for (String field : item.fields()) {
          g.writeString(field);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
      out.endDocument();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
