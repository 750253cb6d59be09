package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.ChildJvm;
import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion scripts, loaded by a real bash as a shell loads them, asked what they offer the
 * way bash asks on TAB ({@code COMP_WORDS}, {@code COMP_CWORD}, then {@code _heph}): commands,
 * options, values, and the ids and tags of the store on the line, through a real {@code heph}.
 */
class CliCompletionTest {
  @TempDir static Path dir;
  static HephCli cli;
  static Path db;
  static Path heph;

  @BeforeAll
  static void setUp() throws IOException {
    cli = new HephCli(dir);
    db = dir.resolve("complete.db");
    cli.on(db, "add", "Buy milk", "--tag", "home", "--tag", "errand").ok();
    cli.on(db, "add", "Fix bike", "--tag", "garage").ok();
    cli.on(db, "add", "Old one", "--tag", "attic").ok();
    cli.on(db, "done", "3").ok();
    // heph on the PATH, as installed: a script that runs this build's Main
    heph = dir.resolve("bin/heph");
    Files.createDirectories(heph.getParent());
    List<String> command = ChildJvm.command("dev.heph.cli.Main", List.of("-XX:TieredStopAtLevel=1",
        "-Duser.home=" + cli.home()));
    Files.writeString(heph, "#!/bin/sh\nexec " + command.stream().map(CliCompletionTest::quote)
        .collect(Collectors.joining(" ")) + " \"$@\"\n");
    Files.setPosixFilePermissions(heph, PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void bashOffersCommandsOptionsValuesIdsAndTags() throws Exception {
    List<String> offered = complete("bash", "bash", "",
        List.of("heph", ""),
        List.of("heph", "sh"),
        List.of("heph", "--db", db.toString(), "show", ""),
        List.of("heph", "--db", db.toString(), "done", "1", ""),
        List.of("heph", "--db", db.toString(), "list", "--tag", ""),
        List.of("heph", "edit", "--db", db.toString(), "1", "--untag", "h"),
        List.of("heph", "list", "--"),
        List.of("heph", "conflicts", ""),
        List.of("heph", "--db", db.toString(), "conflicts", "resolve", ""),
        List.of("heph", "list", "--status", "d"),
        List.of("heph", "completion", ""),
        List.of("heph", "add", ""),
        List.of("heph", "--db", db.toString(), "link", "1", ""));
    assertThat(offered.get(0).split(" ")).containsExactlyElementsOf(Main.COMMANDS.keySet().stream().sorted().toList());
    assertThat(offered.subList(1, offered.size())).containsExactly(
        "show",
        "1 2", // open nodes only: 3 is done and has no number
        "1 2",
        "attic errand garage home", // tags of every node
        "home",
        "--all --json --debug --help --kind --status --tag --db --color",
        "resolve",
        "1 2",
        "doing done",
        "bash zsh fish",
        "",
        "1 2");
  }

  @Test
  void idsComeFromTheStoreThatHephDbNames() throws Exception {
    assertThat(complete("bash", "bash", "export HEPH_DB=" + quote(db.toString()), List.of("heph", "show", "")))
        .containsExactly("1 2");
    // no store: nothing offered, and none created
    assertThat(complete("bash", "bash", "", List.of("heph", "show", ""))).containsExactly("");
    assertThat(cli.home().resolve("xdg-data/heph/heph.db")).doesNotExist();
  }

  @Test
  void zshLoadsTheSameCompletionThroughBashcompinit() throws Exception {
    assertThat(cli.run("completion", "zsh").ok().out()).startsWith("#compdef heph\n").contains("bashcompinit");
    // Without zsh, bash stands in for its emulation (compinit and bashcompinit stubbed).
    String stubs = "autoload() { :; }; compinit() { :; }; bashcompinit() { :; }";
    assertThat(complete("bash", "zsh", stubs, List.of("heph", "--db", db.toString(), "log", ""), List.of("heph", "dev")))
        .containsExactly("1 2", "device");
    if (Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh"))) {
      // zsh calls the function as its compgen -F does: under sh emulation (0-based arrays), and
      // matches the candidates to the word itself (so they come unfiltered here)
      assertThat(complete("zsh", "zsh", "", List.of("heph", "--db", db.toString(), "show", ""),
          List.of("heph", "list", "--status", "d"), List.of("heph", "--db", db.toString(), "edit", "1", "--tag", "")))
          .containsExactly("1 2", "open doing done cancelled", "attic errand garage home");
    }
  }

  @Test
  void fishCompletesEveryCommandAndAsksHephForIdsAndTags() throws Exception {
    String fish = cli.run("completion", "fish").ok().out();
    for (String command : Main.COMMANDS.keySet()) {
      assertThat(fish).contains("complete -c heph -n '__fish_use_subcommand' -a " + command + " -d '");
    }
    assertThat(fish).contains("complete -c heph -n '__fish_seen_subcommand_from conflicts; and not"
        + " __fish_seen_subcommand_from resolve' -a resolve")
        .contains("-n '__fish_seen_subcommand_from show' -a '(heph (__heph_db) __complete ids 2>/dev/null)'")
        .contains("-l tag -x -a '(heph (__heph_db) __complete tags 2>/dev/null)'")
        .contains("-n '__fish_seen_subcommand_from list' -l status -x -a 'open doing done cancelled'")
        .doesNotContain("-a __complete");
    if (Files.isExecutable(Path.of("/usr/bin/fish"))) {
      // fish itself, with heph on its PATH, asked as it asks on TAB (complete -C)
      Path script = Files.writeString(dir.resolve("heph.fish"), fish);
      String db = quote(CliCompletionTest.db.toString());
      ProcessBuilder pb = new ProcessBuilder("fish", "--no-config", "-c", "source " + quote(script.toString())
          + "; complete -C'heph sh'; complete -C\"heph --db " + db + " done \"; complete -C\"heph --db " + db
          + " list --tag g\"; complete -C'heph list --status d'");
      pb.environment().put("PATH", heph.getParent() + ":" + System.getenv("PATH"));
      pb.environment().put("HOME", cli.home().toString());
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(out.lines().map(l -> l.split("\t")[0]).toList())
          .containsExactly("show", "1", "2", "garage", "doing", "done");
      assertThat(out).contains("1\tBuy milk");
    }
  }

  @Test
  void completeListsNumbersWithTitlesAndTagsAndIsHidden() {
    assertThat(cli.on(db, "__complete", "ids").ok().out()).isEqualTo("1\tBuy milk\n2\tFix bike\n");
    assertThat(cli.on(db, "__complete", "tags").ok().outLines()).containsExactly("attic", "errand", "garage", "home");
    assertThat(cli.on(db, "__complete", "frob").userError().message())
        .isEqualTo("heph: unknown candidates 'frob' (use ids or tags)");
    assertThat(cli.run("--help").ok().out()).doesNotContain("__complete");
    assertThat(cli.run("completion", "tcsh").userError().message()).isEqualTo("heph: unknown shell 'tcsh' (use bash, zsh or fish)");
  }

  /**
   * Loads {@code heph completion SCRIPT} into {@code shell} (bash or zsh) after {@code prelude},
   * then completes each line of words (the last one being typed) as the shell's completion calls
   * {@code _heph}; returns what was offered for each, space-separated.
   */
  @SafeVarargs
  private static List<String> complete(String shell, String script, String prelude, List<String>... lines)
      throws Exception {
    StringBuilder sb = new StringBuilder(prelude).append('\n');
    sb.append("source <(").append(quote(heph.toString())).append(" completion ").append(script).append(")\n");
    sb.append("t() { ").append(shell.equals("zsh") ? "emulate -L sh; setopt kshglob noshglob braceexpand; " : "")
        .append("COMP_WORDS=(\"$@\"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _heph; echo \"${COMPREPLY[*]}\"; }\n");
    for (List<String> words : lines) {
      List<String> w = new ArrayList<>(words);
      w.set(0, heph.toString());
      sb.append("t ").append(w.stream().map(CliCompletionTest::quote).collect(Collectors.joining(" "))).append('\n');
    }
    ProcessBuilder pb = new ProcessBuilder(shell, "-c", sb.toString()).directory(dir.toFile());
    pb.environment().put("HOME", cli.home().toString());
    pb.environment().put("XDG_DATA_HOME", cli.home().resolve("xdg-data").toString());
    pb.environment().remove("HEPH_DB");
    pb.environment().remove("XDG_CONFIG_HOME");
    Path err = dir.resolve("bash-err.txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(err)).isZero();
    assertThat(Files.readString(err)).as(shell + "'s stderr").isEmpty();
    return out.lines().toList();
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
