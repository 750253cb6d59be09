package dev.heph.cli;

import dev.heph.core.HephException;
import dev.heph.core.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** {@code heph man [COMMAND...]}: man pages in roff, made from the command models. */
final class ManCommand implements CliCommand {
  @Override
  public CommandSpec spec() {
    CommandSpec spec = Spec.command(this, "man", new String[] {
        "Print a man page in roff (heph's, or a command's), or write them all to a folder."},
        "", "Examples:", "  heph man | man -l -                 # read heph(1)",
        "  heph man conflicts resolve | man -l -",
        "  heph man --dir ~/.local/share/man/man1   # heph.1, heph-add.1, ... (bin/install does this)");
    spec.addPositional(Spec.words(0, "COMMAND", "A command (and subcommand), e.g. add or conflicts resolve.")
        .toBuilder().arity("0..*").required(false).build());
    spec.addOption(Spec.option("--dir", "DIR", "Write every page into this folder (made if missing), one file each."));
    return spec;
  }

  @Override
  public int run(Invocation in) throws IOException {
    Map<String, String> pages = ManPage.all(Main.model(), Main.version());
    String dir = in.option("--dir");
    if (dir != null) {
      Path folder = Path.of(dir);
      PrivateFiles.createDirectories(folder);
      for (Map.Entry<String, String> page : pages.entrySet()) {
        Path file = folder.resolve(page.getKey());
        PrivateFiles.createFile(file);
        Files.writeString(file, page.getValue(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      }
      if (!in.json()) {
        in.out().text().println("wrote " + pages.size() + " man pages to " + folder);
      }
      return 0;
    }
    List<String> words = in.words(0);
    String name = words.isEmpty() ? "heph.1" : "heph-" + String.join("-", words) + ".1";
    String page = pages.get(name);
    if (page == null) {
      throw new HephException.InvalidInput("no man page for 'heph " + String.join(" ", words)
          + "' (commands: see heph --help)");
    }
    in.out().raw(page);
    return 0;
  }
}
