package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.cli.Table.Cell;
import dev.heph.cli.Table.Column;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table renderer alone: display widths, fitting to a width with an ellipsis, colour codes. */
class TableTest {

  @Test
  void wideCharactersTakeTwoCellsAndCombiningMarksNone() {
    assertThat(Cells.width("abc")).isEqualTo(3);
    assertThat(Cells.width("日本語")).isEqualTo(6);
    assertThat(Cells.width("e\u0301te\u0301")).isEqualTo(3); // e + combining acute
    assertThat(Cells.width("한국")).isEqualTo(4);
    assertThat(Cells.width("ｆｕｌｌ")).isEqualTo(8);
    assertThat(Cells.width("🎉ok")).isEqualTo(4);
    assertThat(Cells.width("a\u200db")).isEqualTo(2); // zero-width joiner
  }

  @Test
  void fittingCutsWithAnEllipsisToAtMostTheWidth() {
    assertThat(Cells.fit("short", 10)).isEqualTo("short");
    assertThat(Cells.fit("exactly10!", 10)).isEqualTo("exactly10!");
    assertThat(Cells.fit("a longer title", 6)).isEqualTo("a lon…");
    // a wide character that would straddle the limit is left out whole
    assertThat(Cells.fit("日本語のタイトル", 6)).isEqualTo("日本…");
    assertThat(Cells.width(Cells.fit("日本語のタイトル", 6))).isEqualTo(5);
    // combining marks stay with their letter
    assertThat(Cells.fit("e\u0301e\u0301e\u0301e\u0301", 3)).isEqualTo("e\u0301e\u0301…");
  }

  private static Table sample() {
    Table t = new Table(List.of(Column.fixed("ID"), Column.shrinking("TITLE", 1, 5, 60), Column.shrinking("TAGS", 2, 4, 0)));
    t.add(Style.OVERDUE, List.of(Cell.of("1"), Cell.of("Pay the rent before the landlord notices"), Cell.of("+money +home")));
    t.add(Style.NONE, List.of(Cell.of("2"), Cell.of("日本語のタイトルはとても長い"), Cell.of("")));
    t.add(Style.DONE, List.of(Cell.of("3"), Cell.of("Short"), new Cell("+x", Style.PRIORITY_HIGH)));
    return t;
  }

  @Test
  void aTableNarrowerThanItsTextCutsTheTitleFirstAndNoLineExceedsTheWidth() {
    for (int width : new int[] {80, 40, 30, 20, 12, 6}) {
      List<String> lines = sample().lines(new Terminal(false, width, 24));
      assertThat(lines).hasSize(4).allSatisfy(l -> assertThat(Cells.width(l)).isLessThanOrEqualTo(width));
      assertThat(lines).noneMatch(l -> l.contains("\n"));
    }
    List<String> wide = sample().lines(new Terminal(false, 80, 24));
    assertThat(wide.get(1)).isEqualTo("1   Pay the rent before the landlord notices  +money +home");
    List<String> at30 = sample().lines(new Terminal(false, 30, 24));
    // 30 = 2 (ID) + 2 + TITLE + 2 + 12 (TAGS keeps its width while the title can give)
    assertThat(at30.get(1)).isEqualTo("1   Pay the ren…  +money +home");
    assertThat(at30.get(2)).isEqualTo("2   日本語のタ…");
    assertThat(Cells.width(at30.get(1))).isEqualTo(30);
  }

  @Test
  void anUnknownWidthFitsNothingButCapsTheTitle() {
    Table t = new Table(List.of(Column.fixed("ID"), Column.shrinking("TITLE", 1, 5, 10)));
    t.add(Style.NONE, List.of(Cell.of("1"), Cell.of("a title longer than ten")));
    assertThat(t.lines(Terminal.PLAIN)).containsExactly("ID  TITLE", "1   a title l…");
  }

  @Test
  void colourWrapsEachCellInTheRowStyleAndTheCellsOwn() {
    List<String> lines = sample().lines(new Terminal(true, 80, 24));
    assertThat(lines.get(0)).startsWith("\u001b[4mID\u001b[0m");
    assertThat(lines.get(1)).startsWith("\u001b[31m1\u001b[0m").contains("\u001b[31m+money +home\u001b[0m");
    assertThat(lines.get(2)).startsWith("2   ").doesNotContain("\u001b");
    assertThat(lines.get(3)).contains("\u001b[2;1m+x\u001b[0m");
    assertThat(sample().lines(new Terminal(false, 80, 24))).noneMatch(l -> l.contains("\u001b"));
  }

  @Test
  void colourIsOnOnlyForATerminalWithoutNoColorOrForAlways() {
    assertThat(Terminal.of(Config.Color.AUTO, Map.of(), true).colour()).isTrue();
    assertThat(Terminal.of(Config.Color.AUTO, Map.of(), false).colour()).isFalse();
    assertThat(Terminal.of(Config.Color.AUTO, Map.of("NO_COLOR", "1"), true).colour()).isFalse();
    assertThat(Terminal.of(Config.Color.AUTO, Map.of("NO_COLOR", ""), true).colour()).isTrue();
    assertThat(Terminal.of(Config.Color.AUTO, Map.of("TERM", "dumb"), true).colour()).isFalse();
    assertThat(Terminal.of(Config.Color.NEVER, Map.of(), true).colour()).isFalse();
    assertThat(Terminal.of(Config.Color.ALWAYS, Map.of("NO_COLOR", "1"), false).colour()).isTrue();
    assertThat(Terminal.of(Config.Color.AUTO, Map.of("COLUMNS", "132", "LINES", "50"), true))
        .isEqualTo(new Terminal(true, 132, 50));
    assertThat(Terminal.of(Config.Color.AUTO, Map.of(), true)).isEqualTo(new Terminal(true, 80, 24));
    assertThat(Terminal.of(Config.Color.AUTO, Map.of("COLUMNS", "x"), false)).isEqualTo(Terminal.PLAIN);
  }

  @Test
  void relativeDatesReadLikeTaskwarriors() {
    var now = java.time.ZonedDateTime.parse("2026-11-28T10:00:00Z");
    assertThat(When.relative("2026-11-28", now)).isEqualTo("today");
    assertThat(When.relative("2026-11-30", now)).isEqualTo("2d");
    assertThat(When.relative("2026-11-25", now)).isEqualTo("-3d");
    assertThat(When.relative("2027-01-02", now)).isEqualTo("5w");
    assertThat(When.relative("2026-11-28T07:00:00Z", now)).isEqualTo("-3h");
    assertThat(When.relative("2026-11-28T10:20:00Z", now)).isEqualTo("20min");
    assertThat(When.relative("2027-06-01", now)).isEqualTo("6mo");
    assertThat(When.relative("2028-01-28", now)).isEqualTo("1.2y");
    assertThat(When.local("2026-11-28T23:30:00Z", now.withZoneSameInstant(java.time.ZoneId.of("Europe/Paris"))))
        .isEqualTo("2026-11-29 00:30");
    assertThat(When.dueStyle("2026-11-27", now)).isEqualTo(Style.OVERDUE);
    assertThat(When.dueStyle("2026-11-28", now)).isEqualTo(Style.DUE_TODAY);
    assertThat(When.dueStyle("2026-11-28T09:00:00Z", now)).isEqualTo(Style.OVERDUE);
    assertThat(When.dueStyle("2026-11-28T20:00:00Z", now)).isEqualTo(Style.DUE_TODAY);
    assertThat(When.dueStyle("2026-11-29", now)).isEqualTo(Style.NONE);
  }
}
