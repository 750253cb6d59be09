package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heph man}: roff pages made from the command models, rendered by the real man and groff. */
class CliManTest {
  @TempDir Path dir;

  @Test
  void hephOneListsEveryCommandAndManRendersIt() throws Exception {
    HephCli cli = new HephCli(dir);
    String page = cli.run("man").ok().out();
    assertThat(page).startsWith(ManPage.MARK + "\n.TH HEPH 1 ");
    for (String command : Main.COMMANDS.keySet()) {
      assertThat(page).contains(".BR heph\\-" + command.replace("-", "\\-") + " (1)\n");
    }
    Path file = dir.resolve("heph.1");
    Files.writeString(file, page);
    String shown = render(file);
    assertThat(shown).contains("HEPH(1)", "NAME", "heph - Local-first tasks and notes.", "COMMANDS", "heph-add(1)",
        "GLOBAL OPTIONS", "--db PATH", "EXIT STATUS", "$XDG_CONFIG_HOME/heph/config");
  }

  @Test
  void eachCommandHasAPageWithItsOptionsAndDirWritesThemAll() throws Exception {
    HephCli cli = new HephCli(dir);
    String resolve = cli.run("man", "conflicts", "resolve").ok().out();
    Path file = dir.resolve("resolve.1");
    Files.writeString(file, resolve);
    assertThat(render(file)).contains("HEPH-CONFLICTS-RESOLVE(1)", "heph conflicts resolve [OPTIONS] ID FIELD",
        "--value V", "--pick HLC", "--db PATH", "SEE ALSO", "heph(1)");

    Path man1 = dir.resolve("share/man/man1");
    assertThat(cli.run("man", "--dir", man1.toString()).ok().out()).startsWith("wrote ");
    List<String> names;
    try (Stream<Path> files = Files.list(man1)) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(names).contains("heph.1", "heph-add.1", "heph-device-name.1", "heph-note-append.1")
        .doesNotContain("heph-__complete.1").hasSize(Main.COMMANDS.size() + 1 + 3); // + heph.1 + 3 subcommands
    for (String name : names) {
      assertThat(groffWarnings(man1.resolve(name))).as(name).isEmpty();
    }
    assertThat(cli.run("man", "frob").userError().message())
        .isEqualTo("heph: no man page for 'heph frob' (commands: see heph --help)");
  }

  /** man -l's plain-text rendering of a page. */
  private static String render(Path page) throws IOException, InterruptedException {
    return run(List.of("man", "-l", page.toString()));
  }

  /** What groff says about a page's roff with every warning on (nothing, for a well-formed page). */
  private static String groffWarnings(Path page) throws IOException, InterruptedException {
    return run(List.of("groff", "-man", "-ww", "-z", page.toString()));
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("MANPAGER", "cat");
    pb.environment().put("MANWIDTH", "100");
    pb.environment().put("LC_ALL", "C.UTF-8");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(command + ": " + out).isZero();
    return out;
  }
}
