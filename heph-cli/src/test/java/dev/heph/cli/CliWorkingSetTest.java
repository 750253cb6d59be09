package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.core.Node;
import dev.heph.testkit.HephCli;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The working set end to end: short numbers in {@code list} and {@code show}, accepted back by
 * every command, stable while other nodes close, freed and reused; several ids at once; id
 * prefixes without dashes; digits that could be a number or a prefix; a restore hint that works.
 */
class CliWorkingSetTest {
  /** 0x019000000000 ms (June 2024): ids made at this instant start with the digits-only 01900000-0000-7. */
  private static final Instant DIGITS_ONLY = Instant.ofEpochMilli(0x019000000000L);

  @TempDir Path dir;

  private HephCli cli() {
    return new HephCli(dir);
  }

  private String add(HephCli cli, Path db, String title) {
    return Shapes.node(cli.on(db, "add", title, "--json").ok().json()).get("id").toString();
  }

  /** Title to number, from the table's first column. */
  private static Map<String, String> numbers(HephCli cli, Path db) {
    List<String> lines = cli.on(db, "list").ok().outLines();
    assertThat(lines.getFirst()).startsWith("#  ");
    return lines.subList(1, lines.size() - 1).stream().map(l -> l.split("\\s+"))
        .collect(java.util.stream.Collectors.toMap(cells -> cells[cells.length - 1], cells -> cells[0]));
  }

  @Test
  void numbersStayWhileOthersCloseAndTheLowestFreedIsReused() {
    HephCli cli = cli();
    Path db = dir.resolve("a.db");
    String milk = add(cli, db, "milk");
    add(cli, db, "bread");
    add(cli, db, "eggs");
    assertThat(numbers(cli, db)).isEqualTo(Map.of("milk", "1", "bread", "2", "eggs", "3"));

    assertThat(cli.on(db, "done", "2").ok().out()).contains("bread: done");
    cli.on(db, "rm", "1").ok();
    assertThat(numbers(cli, db)).as("eggs keeps 3 while bread and milk close").isEqualTo(Map.of("eggs", "3"));

    add(cli, db, "jam");
    assertThat(numbers(cli, db)).as("the lowest freed number first").isEqualTo(Map.of("eggs", "3", "jam", "1"));
    cli.on(db, "restore", milk).ok();
    assertThat(numbers(cli, db)).isEqualTo(Map.of("eggs", "3", "jam", "1", "milk", "2"));

    assertThat(cli.on(db, "show", "2").ok().outLines()).startsWith("num:       2", "id:        " + milk);
    assertThat(Shapes.node(cli.on(db, "show", "2", "--json").ok().json())).containsEntry("num", 2L)
        .containsEntry("id", milk);
    cli.on(db, "edit", "3", "--title", "brown eggs").ok();
    assertThat(numbers(cli, db)).containsEntry("eggs", "3");
  }

  @Test
  void listJsonHasNumOnOpenNodesOnly() {
    HephCli cli = cli();
    Path db = dir.resolve("a.db");
    add(cli, db, "open one");
    add(cli, db, "closed one");
    cli.on(db, "done", "2").ok();
    List<?> all = (List<?>) cli.on(db, "list", "--all", "--json").ok().json();
    assertThat(Shapes.node(all.get(0))).containsEntry("num", 1L);
    assertThat(Shapes.node(all.get(1))).doesNotContainKey("num").containsEntry("status", "done");
    assertThat(cli.on(db, "list", "--all", "--json").out()).startsWith("[{\"num\":1,\"id\":");
  }

  @Test
  void severalIdsAreEachActedOnAndReportedAndOneFailureStopsNothing() {
    HephCli cli = cli();
    Path db = dir.resolve("a.db");
    add(cli, db, "a");
    add(cli, db, "b");
    add(cli, db, "c");
    add(cli, db, "d");
    HephCli.Result r = cli.on(db, "done", "1", "9", "3");
    assertThat(r.code()).as("not all succeeded").isEqualTo(1);
    assertThat(r.outLines()).hasSize(2).anyMatch(l -> l.endsWith("  a: done")).anyMatch(l -> l.endsWith("  c: done"));
    assertThat(r.errLines()).containsExactly(
        "heph: 9: no open node numbered 9 on this device (see heph list; to use '9' as an id prefix, add a dash: '9-')");
    assertThat(numbers(cli, db)).isEqualTo(Map.of("b", "2", "d", "4"));

    List<?> json = (List<?>) cli.on(db, "rm", "2", "4", "--json").ok().json();
    assertThat(json).hasSize(2).allSatisfy(n -> assertThat(Shapes.node(n)).containsEntry("deleted", true));
    String b = Shapes.node(json.get(0)).get("id").toString();
    HephCli.Result mixed = cli.on(db, "restore", b, "zz", "--json");
    assertThat(mixed.code()).isEqualTo(1);
    List<?> answers = (List<?>) mixed.json();
    assertThat(Shapes.node(answers.get(0))).containsEntry("id", b).containsEntry("num", 1L);
    Map<String, Object> failed = dev.heph.testkit.Json.object(answers.get(1));
    assertThat(failed).containsEntry("ref", "zz");
    assertThat(dev.heph.testkit.Json.object(failed.get("error"))).containsEntry("code", "invalid_input")
        .containsEntry("message", "'zz' is not a node number, id or id prefix (hex digits and dashes)");
  }

  @Test
  void prefixesWorkWithAndWithoutDashes() {
    HephCli cli = cli();
    Path db = dir.resolve("a.db");
    String id = add(cli, db, "only");
    String dashed = id.substring(0, 11); // 8 hex digits, the dash, two more
    String dashless = id.replace("-", "").substring(0, 10);
    assertThat(dashed).contains("-");
    assertThat(Shapes.node(cli.on(db, "show", dashed, "--json").ok().json())).containsEntry("id", id);
    assertThat(Shapes.node(cli.on(db, "show", dashless, "--json").ok().json())).containsEntry("id", id);
    assertThat(Shapes.node(cli.on(db, "show", id.replace("-", "").toUpperCase(java.util.Locale.ROOT), "--json").ok()
        .json())).containsEntry("id", id);
  }

  @Test
  void digitsAloneAreANumberAndADashMakesThemAPrefix() {
    HephCli cli = cli();
    Path db = dir.resolve("digits.db");
    String id;
    try (Heph heph = Heph.open(db, new Heph.Options(Clock.fixed(DIGITS_ONLY, ZoneOffset.UTC), Duration.ofDays(10_000)))) {
      id = heph.add(NewNode.task("made in 2024")).id();
    }
    assertThat(id).startsWith("01900000-0000-7");
    assertThat(Shapes.node(cli.on(db, "show", "1", "--json").ok().json())).containsEntry("id", id);
    String message = Db.unchanged(db, () -> cli.on(db, "done", "0190")).userError().message();
    assertThat(message).isEqualTo(
        "heph: no open node numbered 190 on this device (see heph list; to use '0190' as an id prefix, add a dash: '0190-')");
    assertThat(Shapes.node(cli.on(db, "show", "0190-", "--json").ok().json())).containsEntry("id", id);
    assertThat(Shapes.node(cli.on(db, "show", "0190000", "--json").ok().json())).as("7 digits are a prefix")
        .containsEntry("id", id);
    assertThat(cli.on(db, "show", "--help").ok().out().replaceAll("\\s+", " ")).contains("Digits alone, up to 6 of them,"
        + " are a number: add a dash (123-) to mean an id prefix.");
  }

  @Test
  void showOnADeletedNodeSuggestsARestoreThatWorks() {
    HephCli cli = cli();
    Path db = dir.resolve("twins.db");
    Node first;
    Node second;
    // Same instant and seeded random bits: the two ids share far more than 8 characters.
    try (Heph heph = Heph.open(db, new Heph.Options(Clock.fixed(Instant.now(), ZoneOffset.UTC), Duration.ofMinutes(1),
        new Random(7)))) {
      first = heph.add(NewNode.task("first"));
      second = heph.add(NewNode.task("second"));
    }
    int common = 0;
    while (first.id().charAt(common) == second.id().charAt(common)) {
      common++;
    }
    assertThat(common).isGreaterThan(8);
    cli.on(db, "rm", "1").ok();
    String shown = cli.on(db, "show", first.id()).ok().out();
    Matcher m = Pattern.compile("deleted:   yes \\(heph restore (\\S+) brings it back\\)").matcher(shown);
    assertThat(m.find()).as(shown).isTrue();
    assertThat(m.group(1)).hasSize(common + 1);
    assertThat(cli.on(db, "restore", m.group(1)).ok().out()).contains("first: restored");
    assertThat(numbers(cli, db)).isEqualTo(Map.of("first", "1", "second", "2"));
  }
}
