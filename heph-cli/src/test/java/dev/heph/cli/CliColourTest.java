package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.ChildJvm;
import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Colour and width end to end: the real CLI under a pseudo-terminal ({@code script} from
 * util-linux) colours overdue, due-today, done, priority and conflict cells, and stops with
 * {@code NO_COLOR}, {@code --color never} or a pipe; tables fit {@code COLUMNS}, wide
 * characters included, cutting with an ellipsis and never wrapping.
 */
@Execution(ExecutionMode.CONCURRENT)
class CliColourTest {
  private static final String ESC = "\u001b[";

  @TempDir static Path dir;
  static HephCli cli;
  static Path db;

  @BeforeAll
  static void setUp() {
    cli = new HephCli(dir);
    db = dir.resolve("colour.db");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    cli.on(db, "add", "Overdue bill", "--due", today.minusDays(2).toString(), "--priority", "H").ok();
    cli.on(db, "add", "Today's call", "--due", "today", "--priority", "L").ok();
    String done = cli.on(db, "add", "Finished work").ok().outLines().getFirst();
    cli.on(db, "done", done).ok();
    cli.on(db, "add", "日本語のとても長いタイトルがここにあります、まだまだ続きます", "--tag", "wide").ok();
    cli.on(db, "add", "A title long enough that it has to be cut to fit into a narrow terminal window").ok();
  }

  /** Runs heph under a pseudo-terminal of 100 columns with {@code env} added; what the terminal got. */
  private static String onTerminal(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(List.of(args));
    String command = ChildJvm.command("dev.heph.cli.Main", List.of("-XX:TieredStopAtLevel=1"), all).stream()
        .map(CliColourTest::quoted).collect(Collectors.joining(" "));
    ProcessBuilder pb = new ProcessBuilder("script", "-qec", "stty cols 100 rows 40; exec " + command, "/dev/null");
    pb.environment().keySet().removeAll(List.of("COLUMNS", "LINES", "NO_COLOR", "TERM"));
    pb.environment().put("SHELL", "/bin/sh");
    pb.environment().put("TZ", "UTC");
    pb.environment().putAll(env);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8).replace("\r\n", "\n");
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }

  private static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private static String lineWith(String text, String needle) {
    return text.lines().filter(l -> l.contains(needle)).findFirst().orElseThrow(() -> new AssertionError(needle + " in " + text));
  }

  @Test
  void aTerminalGetsColourForOverdueTodayDoneAndPriority() throws Exception {
    String out = onTerminal(Map.of(), "list", "--all");
    assertThat(lineWith(out, "Overdue bill")).startsWith(ESC + "31m").contains(ESC + "31;1mH" + ESC + "0m");
    assertThat(lineWith(out, "Today's call")).startsWith(ESC + "33m").contains(ESC + "33;34mL" + ESC + "0m");
    assertThat(lineWith(out, "Finished work")).contains(ESC + "2mdone" + ESC + "0m");
    assertThat(lineWith(out, "#")).contains(ESC + "4mTITLE" + ESC + "0m");
    // the count under the table is plain
    assertThat(lineWith(out, "nodes")).doesNotContain(ESC);
  }

  @Test
  void noColorNeverAndAPipeTurnColourOff() throws Exception {
    assertThat(onTerminal(Map.of("NO_COLOR", "1"), "list", "--all")).contains("Overdue bill").doesNotContain("\u001b");
    assertThat(onTerminal(Map.of(), "--color", "never", "list", "--all")).contains("Overdue bill").doesNotContain("\u001b");
    assertThat(onTerminal(Map.of("TERM", "dumb"), "list")).contains("Overdue bill").doesNotContain("\u001b");
    assertThat(cli.on(db, "list", "--all").ok().out()).contains("Overdue bill").doesNotContain("\u001b");
    // always: colour even into a file, and whatever NO_COLOR says
    assertThat(cli.env("NO_COLOR", null).on(db, "list", "--color=always").ok().out()).contains(ESC + "31m");
    HephCli.Result bad = cli.on(db, "list", "--color", "sometimes");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--color must be auto, always or never, not 'sometimes'");
  }

  @Test
  void aTerminalWithoutColumnsIsEightyWideAndLinesNeverWrap() throws Exception {
    String out = onTerminal(Map.of("NO_COLOR", "1"), "list");
    List<String> rows = out.lines().filter(l -> !l.isBlank()).toList();
    assertThat(rows).allSatisfy(l -> assertThat(Cells.width(l)).isLessThanOrEqualTo(80));
    assertThat(lineWith(out, "A title long")).endsWith("…");
  }

  @Test
  void columnsFitsTheTableCountingWideCharactersAsTwo() {
    for (int width : new int[] {100, 60, 50}) {
      List<String> lines = new HephCli(dir.resolve("w" + width)).env("COLUMNS", Integer.toString(width))
          .on(db, "list").ok().outLines();
      assertThat(lines).allSatisfy(l -> assertThat(Cells.width(l)).as(l).isLessThanOrEqualTo(width));
      assertThat(lineWith(String.join("\n", lines), "日本")).contains("…");
      assertThat(lineWith(String.join("\n", lines), "A title")).contains("…");
    }
    // no terminal, no COLUMNS: nothing is fitted, only titles past 60 characters are cut
    String plain = cli.on(db, "list").ok().out();
    assertThat(lineWith(plain, "A title long")).contains("A title long enough that it has to be cut to fit into a nar…");
    assertThat(lineWith(plain, "日本語")).contains("日本語のとても長いタイトルがここにあります、まだまだ続きます");
  }
}
