package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code heph undo} end to end: its lines, its JSON, its refusals, through the real CLI. */
class CliUndoTest {
  @TempDir static Path dir;
  static HephCli cli;

  @BeforeAll
  static void setUp() {
    cli = new HephCli(dir);
  }

  private static String add(Path db, String title) {
    return cli.on(db, "add", title).ok().outLines().getFirst().split("\\s+")[0];
  }

  @Test
  void undoSaysWhatItUndidAndWalksBackTheStack() {
    Path db = dir.resolve("stack.db");
    String id = add(db, "Buy milk");
    cli.on(db, "edit", id, "--title", "Buy oat milk", "--due", "2026-12-01").ok();
    assertThat(cli.on(db, "undo").ok().outLines()).containsExactly("undid: edit of 'Buy oat milk' (title, due)");
    Map<String, Object> node = Shapes.node(cli.on(db, "show", id, "--json").ok().json());
    assertThat(node).containsEntry("title", "Buy milk").containsEntry("due", null);

    Object json = cli.on(db, "undo", "--json").ok().json();
    assertThat(json).isEqualTo(Map.of("undid", List.of(Map.of("id", node.get("id"), "title", "Buy milk",
        "action", "add", "fields", List.of()))));
    HephCli.Result none = Db.unchanged(db, () -> cli.on(db, "undo").userError());
    assertThat(none.err()).isEqualTo("heph: nothing to undo: every command made on this device is undone already\n");
  }

  @Test
  void aChangeFromAnotherDeviceToTheSameFieldIsNamedAndNothingChanges() {
    Path laptop = dir.resolve("laptop.db");
    Path phone = dir.resolve("phone.db");
    String id = add(laptop, "Call the plumber");
    cli.on(laptop, "edit", id, "--priority", "H").ok();
    Db.merge(laptop, phone);
    cli.on(phone, "edit", id, "--priority", "L").ok();
    Db.merge(phone, laptop);
    String phoneOrigin = Db.ops(phone).getLast().hlc().origin();
    HephCli.Result refused = Db.unchanged(laptop, () -> cli.on(laptop, "undo").userError());
    assertThat(refused.err()).isEqualTo("heph: cannot undo edit of 'Call the plumber' (priority): later changes touch"
        + " priority (by device " + phoneOrigin + "); nothing was changed\n");
  }

  @Test
  void helpExplainsTheStackAndTheRefusal() {
    assertThat(cli.run("undo", "--help").ok().out()).contains("stack", "Refused", "--json");
  }
}
