package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.testkit.HephCli;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each error path: the exit code (1 user error, 2 usage error), one clear line on stderr with no
 * stack trace, and the database left exactly as it was (its files' bytes and its op log).
 */
class CliErrorsTest {
  @TempDir static Path dir;
  static HephCli cli;
  static Path db;
  static String task;
  static String note;

  @BeforeAll
  static void setUp() {
    cli = new HephCli(dir);
    db = dir.resolve("errors.db");
    try (Heph heph = Heph.open(db)) {
      task = heph.add(new NewNode("task", "A task", null, List.of("home"), null, null, null)).id();
      note = heph.add(new NewNode("note", "A note", null, List.of(), null, null, null)).id();
    }
  }

  private static HephCli.Result attempt(String... args) {
    return Db.unchanged(db, () -> cli.on(db, args));
  }

  @Test
  void unknownId() {
    assertThat(attempt("done", "ffffffff").userError().message())
        .isEqualTo("heph: no node with id or prefix 'ffffffff'");
  }

  @Test
  void badDate() {
    assertThat(attempt("add", "Pay rent", "--due", "2026-02-30").userError().message())
        .contains("bad date '2026-02-30'", "YYYY-MM-DD");
  }

  @Test
  void emptyTitle() {
    assertThat(attempt("add", "").userError().message()).contains("title must not be empty");
  }

  @Test
  void badPriority() {
    assertThat(attempt("edit", task, "--priority", "X").userError().message()).contains("bad priority 'X'", "H, M or L");
  }

  @Test
  void statusOnANote() {
    assertThat(attempt("edit", note, "--status", "done").userError().message()).contains(note, "note", "status");
  }

  @Test
  void untagOfAnAbsentTag() {
    assertThat(attempt("edit", task, "--untag", "nope").userError().message()).contains(task, "no tag 'nope'");
  }

  @Test
  void conflictingFlags() {
    assertThat(attempt("edit", task, "--tag", "x", "--untag", "x").userError().message()).contains("'x'");
  }

  @Test
  void badKindFilter() {
    assertThat(attempt("list", "--kind", "bogus").userError().message()).contains("bad kind 'bogus'");
  }

  @Test
  void unknownOption() {
    assertThat(attempt("list", "--bogus").usageError().message()).contains("--bogus");
  }

  @Test
  void unknownCommand() {
    assertThat(attempt("frobnicate", "x").usageError().message()).contains("'frobnicate'");
  }

  @Test
  void missingArgument() {
    assertThat(attempt("add", "--tag", "x").usageError().message()).contains("TITLE");
  }

  @Test
  void debugShowsTheStackTrace() {
    HephCli.Result r = attempt("show", "ffffffff", "--debug");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.message()).isEqualTo("heph: no node with id or prefix 'ffffffff'");
    assertThat(r.err()).contains("\tat ", "NotFound");
  }
}
