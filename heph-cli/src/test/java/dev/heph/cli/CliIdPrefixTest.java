package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.testkit.HephCli;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids are UUIDv7, so ids made close in time share their leading (time) digits: any unique prefix
 * must work, and an unknown or ambiguous one must be reported clearly.
 */
class CliIdPrefixTest {
  @TempDir static Path dir;
  static HephCli cli;
  /** Holds one node: there, 8 characters are always enough. */
  static Path single;
  static String only;
  /** Holds two nodes made a moment apart. */
  static Path pair;
  static String first;
  static String second;

  @BeforeAll
  static void setUp() {
    cli = new HephCli(dir);
    single = dir.resolve("single.db");
    pair = dir.resolve("pair.db");
    try (Heph heph = Heph.open(single)) {
      only = heph.add(NewNode.task("The only one")).id();
    }
    try (Heph heph = Heph.open(pair)) {
      first = heph.add(NewNode.task("First")).id();
      second = heph.add(NewNode.task("Second")).id();
    }
  }

  @Test
  void anEightCharacterPrefixInAnyCaseWorks() {
    String prefix = only.substring(0, 8).toUpperCase(Locale.ROOT);
    assertThat(Shapes.node(cli.on(single, "show", prefix, "--json").ok().json())).containsEntry("id", only);
  }

  @Test
  void theShortIdsOfTheTableAreAcceptedBack() {
    List<String> rows = cli.on(pair, "list").ok().outLines();
    String shortFirst = rows.stream().filter(l -> l.contains("First")).findFirst().orElseThrow().split("\\s+")[1];
    assertThat(shortFirst.length()).isBetween(8, 35);
    assertThat(first).startsWith(shortFirst);
    assertThat(second).doesNotStartWith(shortFirst);
    assertThat(Shapes.node(cli.on(pair, "show", shortFirst, "--json").ok().json())).containsEntry("id", first);
  }

  @Test
  void anAmbiguousPrefixFailsListingTheCandidates() {
    int common = 0;
    while (first.charAt(common) == second.charAt(common)) {
      common++;
    }
    assertThat(common).as("UUIDv7s made a moment apart share their leading time digits").isGreaterThanOrEqualTo(1);
    String prefix = first.substring(0, Math.min(common, 4));
    HephCli.Result r = Db.unchanged(pair, () -> cli.on(pair, "edit", prefix, "--title", "Which one?")).userError();
    assertThat(r.message()).contains("'" + prefix + "'", "ambiguous", first, second);
  }

  @Test
  void anUnknownPrefixIsNamed() {
    HephCli.Result r = Db.unchanged(pair, () -> cli.on(pair, "show", "0000aaaa")).userError();
    assertThat(r.message()).contains("'0000aaaa'");
  }

  @Test
  void somethingThatIsNoIdIsRefused() {
    HephCli.Result r = Db.unchanged(pair, () -> cli.on(pair, "rm", "milk")).userError();
    assertThat(r.message()).contains("'milk'");
  }
}
