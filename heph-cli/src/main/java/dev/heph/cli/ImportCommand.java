package dev.heph.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.ImportReport;
import dev.heph.core.taskwarrior.TaskwarriorReader;
import dev.heph.core.taskwarrior.TaskwarriorTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph import taskwarrior FILE|-}: tasks from {@code task export}, ids kept, in one transaction. */
final class ImportCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "import", new String[] {
        "Import tasks from Taskwarrior: the JSON that 'task export' prints, from FILE or - (standard input).",
        "Each task keeps its uuid as its heph id; status, project, tags, dates, annotations, depends,",
        "priority and recur map to heph's fields, and every other key (UDAs, entry, modified, end...) is",
        "kept verbatim, so that 'heph export --format taskwarrior' gives it back. All or nothing: a bad",
        "task is named (its position and uuid) and nothing is written. Importing the same file again",
        "changes nothing; a changed file updates what changed."},
        "", "Example:", "  task export | heph import taskwarrior -",
        "--json: {\"added\",\"updated\",\"unchanged\"}.");
    spec.addPositional(Spec.positional(0, "SOURCE", "Where the tasks come from: taskwarrior."));
    spec.addPositional(Spec.positional(1, "FILE", "The export file, or - for standard input."));
    return spec;
  }

  @Override
  public int run(Invocation in) {
    String source = in.positional(0);
    if (!source.equals("taskwarrior")) {
      throw new HephException.InvalidInput("cannot import from '" + source + "': heph imports from taskwarrior");
    }
    List<TaskwarriorTask> tasks = read(in.positional(1));
    try (Heph heph = in.open()) {
      ImportReport report = heph.importTasks(tasks);
      Output out = in.out();
      if (in.json()) {
        JsonGenerator g = out.json();
        try {
          g.writeStartObject();
          g.writeNumberField("added", report.added());
          g.writeNumberField("updated", report.updated());
          g.writeNumberField("unchanged", report.unchanged());
          g.writeEndObject();
          out.endDocument();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else {
        out.text().println("imported " + tasks.size() + " task" + (tasks.size() == 1 ? "" : "s") + ": "
            + report.added() + " added, " + report.updated() + " updated, " + report.unchanged() + " unchanged");
      }
    }
    return 0;
  }

  /** Every task of the file (or standard input), read and checked before the store is opened. */
  private static List<TaskwarriorTask> read(String file) {
    if (file.equals(Stdin.DASH)) {
      return TaskwarriorReader.read(System.in);
    }
    try (InputStream stream = Files.newInputStream(Path.of(file))) {
      return TaskwarriorReader.read(stream);
    } catch (NoSuchFileException e) {
      throw new HephException.InvalidInput("cannot import " + file + ": no such file");
    } catch (IOException e) {
      throw new HephException.InvalidInput("cannot read " + file + ": " + e.getMessage());
    }
  }
}
