package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --recur} on {@code heph add} and {@code heph edit}, and the next task {@code heph done} makes. */
class CliRecurTest {
  @TempDir Path dir;

  @Test
  void doneOnARecurringTaskMakesTheNextOneAndJsonShowsTheSeries() {
    HephCli cli = new HephCli(dir);
    Path db = dir.resolve("h.db");
    Map<String, Object> first = Shapes.node(cli.on(db, "add", "Pay rent", "--due", "2026-01-31", "--recur", "monthly",
        "--json").ok().json());
    assertThat(first.get("recur")).isEqualTo("monthly");
    assertThat(Json.object(first.get("series"))).containsEntry("id", first.get("id")).containsEntry("occurrence", 0L)
        .containsEntry("anchor", "2026-01-31");
    cli.on(db, "done", (String) first.get("id")).ok();
    List<Object> open = Json.array(cli.on(db, "list", "--json").ok().json());
    assertThat(open).hasSize(1);
    Map<String, Object> next = Json.object(open.getFirst());
    assertThat(next.get("title")).isEqualTo("Pay rent");
    assertThat(next.get("due")).isEqualTo("2026-02-28");
    assertThat(Json.object(next.get("series"))).containsEntry("occurrence", 1L);
    assertThat(cli.on(db, "show", (String) next.get("id")).ok().out()).contains("recur:     monthly");

    cli.on(db, "edit", (String) next.get("id"), "--recur", "none").ok();
    cli.on(db, "done", (String) next.get("id")).ok();
    assertThat(Json.array(cli.on(db, "list", "--json").ok().json())).isEmpty();
  }

  @Test
  void aRecurrenceWithoutADueOrWithAnUnknownWordIsRefused() {
    HephCli cli = new HephCli(dir);
    Path db = dir.resolve("h.db");
    assertThat(cli.on(db, "add", "x", "--recur", "weekly").userError().err()).contains("needs a due date");
    assertThat(cli.on(db, "add", "x", "--due", "today", "--recur", "sometimes").userError().err())
        .contains("bad recurrence 'sometimes': use daily, weekly, monthly, yearly, weekdays");
    Map<String, Object> plain = Shapes.node(cli.on(db, "add", "plain", "--json").ok().json());
    assertThat(plain.get("recur")).isNull();
    assertThat(plain.get("series")).isNull();
  }
}
