package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters on the command line, end to end through the real CLI: {@code count}, {@code list}'s
 * words, and the bulk forms of {@code done}, {@code rm} and {@code edit}/{@code modify}, which ask
 * before changing more than three nodes (here, without a terminal: {@code --yes} or a refusal).
 */
class CliFilterTest {
  @TempDir Path dir;
  HephCli cli;
  Path db;

  @BeforeEach
  void setUp() {
    cli = new HephCli(dir);
    db = dir.resolve("filter.db");
    cli.on(db, "add", "Buy milk", "--tag", "errand", "--tag", "home", "--due", "2026-12-01").ok();
    cli.on(db, "add", "Post letter", "--tag", "errand").ok();
    cli.on(db, "add", "Return books", "--tag", "errand", "--priority", "H").ok();
    cli.on(db, "add", "Pick up parcel", "--tag", "errand").ok();
    cli.on(db, "add", "Write report", "--tag", "work", "--due", "2026-11-01").ok();
    cli.on(db, "add", "Oat milk recipe", "--note").ok();
  }

  private long count(String... filter) {
    String[] args = new String[filter.length + 1];
    args[0] = "count";
    System.arraycopy(filter, 0, args, 1, filter.length);
    return Long.parseLong(cli.on(db, args).ok().out().strip());
  }

  @Test
  void countPrintsHowManyLiveNodesMatch() {
    assertThat(count()).isEqualTo(6);
    assertThat(count("+errand")).isEqualTo(4);
    assertThat(count("-errand")).isEqualTo(2);
    assertThat(count("+errand", "or", "+work")).isEqualTo(5);
    assertThat(count("milk")).isEqualTo(2);
    assertThat(count("Oat")).isEqualTo(1);
    assertThat(count("description.has:milk", "or", "Oat")).isEqualTo(2);
    assertThat(count("due.before:2026-11-15")).isEqualTo(1);
    assertThat(count("kind:note")).isEqualTo(1);
    assertThat(cli.on(db, "count", "+errand", "--json").ok().json()).isEqualTo(Map.of("count", 4L));
  }

  @Test
  void listTakesFilterWordsBesideItsFlags() {
    List<String> titles = Shapes.nodes(cli.on(db, "list", "+errand", "-home", "--json").ok().json()).stream()
        .map(n -> (String) n.get("title")).toList();
    assertThat(titles).containsExactly("Post letter", "Return books", "Pick up parcel");
    // -h is help, but -home is a filter word (no clustering of short options).
    assertThat(cli.on(db, "count", "-home", "-work").ok().out()).isEqualTo("4\n");
    assertThat(Shapes.nodes(cli.on(db, "list", "milk", "--kind", "task", "--json").ok().json())).hasSize(1);
    assertThat(Shapes.nodes(cli.on(db, "list", "--kind", "note", "recipe", "--json").ok().json())).hasSize(1);
    String table = cli.on(db, "list", "priority:H").ok().out();
    assertThat(table).contains("Return books").doesNotContain("Buy milk");
  }

  @Test
  void aFilterThatNamesAStatusListsThoseInsteadOfLiveOnes() {
    cli.on(db, "done", "Post").ok();
    assertThat(count("+errand")).isEqualTo(3);
    assertThat(count("+errand", "status:completed")).isEqualTo(1);
    List<String> titles = Shapes.nodes(cli.on(db, "list", "status:completed", "--json").ok().json()).stream()
        .map(n -> (String) n.get("title")).toList();
    assertThat(titles).containsExactly("Post letter");
  }

  @Test
  void bulkDoneWithoutATerminalRefusesAndChangesNothing() {
    HephCli.Result r = cli.on(db, "done", "+errand").userError();
    assertThat(r.message()).isEqualTo("heph: 4 nodes match '+errand': heph asks before it changes more than 3,"
        + " and there is no terminal to ask on; add --yes to go ahead (nothing changed)");
    assertThat(count("+errand")).isEqualTo(4);
    cli.on(db, "rm", "+errand").userError();
    cli.on(db, "edit", "+errand", "--priority", "L").userError();
    assertThat(count("+errand")).isEqualTo(4);
    assertThat(count("priority:L")).isZero();
  }

  @Test
  void bulkDoneWithYesChangesEveryMatchAndSaysHowMany() {
    List<String> lines = cli.on(db, "done", "+errand", "--yes").ok().outLines();
    assertThat(lines).hasSize(5);
    assertThat(lines.subList(0, 4)).allSatisfy(l -> assertThat(l).endsWith(": done"));
    assertThat(lines.getLast()).isEqualTo("4 nodes done");
    assertThat(count("+errand")).isZero();
    assertThat(count("+errand", "status:completed")).isEqualTo(4);
  }

  /**
   * On a terminal (a pseudo-terminal made by util-linux's {@code script}), more than three matches
   * are listed and confirmed: "y" changes them, anything else changes nothing.
   */
  @Test
  void onATerminalManyMatchesAreConfirmedFirst() {
    Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/bin/script")),
        "util-linux's script is missing: no pseudo-terminal to confirm on");
    HephCli.Result no = onTerminal("n", "done", "+errand");
    assertThat(no.code()).isEqualTo(1);
    assertThat(no.out()).contains("Post letter", "Mark done these 4 nodes? [y/N]", "not confirmed: nothing changed");
    assertThat(count("+errand")).isEqualTo(4);
    HephCli.Result yes = onTerminal("y", "done", "+errand");
    assertThat(yes.code()).as(yes.out()).isZero();
    assertThat(yes.out()).contains("Mark done these 4 nodes? [y/N]", "4 nodes done");
    assertThat(count("+errand")).isZero();
  }

  /** {@code heph --db DB ARGS} on a pseudo-terminal, {@code answer} typed at it; its output is the terminal's. */
  private HephCli.Result onTerminal(String answer, String... args) {
    String prelude = "cmd=; for a in \"$@\"; do cmd=\"$cmd '$(printf %s \"$a\" | sed \"s/'/'\\\\''/g\")'\"; done\n"
        + "printf '" + answer + "\\n' | script -qec \"$cmd\" /dev/null; exit $?";
    String[] all = new String[args.length + 2];
    all[0] = "--db";
    all[1] = db.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.runAfter(prelude, all);
  }

  @Test
  void aFewMatchesNeedNoConfirmation() {
    assertThat(cli.on(db, "rm", "+errand", "priority:H").ok().outLines().getLast()).isEqualTo("1 node deleted");
    assertThat(cli.on(db, "modify", "+errand", "--priority", "M").ok().outLines().getLast())
        .isEqualTo("3 nodes updated");
    assertThat(count("priority:M")).isEqualTo(3);
    assertThat(count("status:deleted")).isEqualTo(1);
  }

  @Test
  void editWithAFilterAndJsonPrintsAnArray() {
    Object json = cli.on(db, "edit", "+errand", "--tag", "town", "--yes", "--json").ok().json();
    assertThat(Shapes.nodes(json)).hasSize(4).allSatisfy(n -> assertThat(n.get("tags").toString()).contains("town"));
  }

  @Test
  void idsStayIds() {
    // Working-set numbers: three nodes by number, no confirmation, no count line (as before filters).
    List<String> lines = cli.on(db, "done", "1", "2", "3").ok().outLines();
    assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).endsWith(": done"));
    cli.on(db, "edit", "4", "5", "--priority", "L").ok();
    assertThat(count("priority:L")).isEqualTo(2);
  }

  @Test
  void badFilterWordsAreNamed() {
    assertThat(cli.on(db, "count", "due.befor:eom").userError().message())
        .startsWith("heph: bad filter word 'due.befor:eom': unknown modifier '.befor'");
    assertThat(cli.on(db, "list", "due.before:someday").userError().message())
        .startsWith("heph: bad filter word 'due.before:someday': 'someday' is not a date");
    assertThat(cli.on(db, "done", "nothing-matches-this").userError().message())
        .isEqualTo("heph: no node matches 'nothing-matches-this'; nothing changed");
    assertThat(cli.on(db, "list", "+errand", "--jsn").usageError().message())
        .isEqualTo("heph: unknown option '--jsn'; did you mean '--json'?");
    assertThat(cli.on(db, "edit", "+errand").userError().message())
        .startsWith("heph: the editor edits one node");
  }
}
