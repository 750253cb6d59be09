package dev.heph.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.HephInternals;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.NodeId;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Filters are one indexed query: SQLite's plan for the issue's example (and for each indexed
 * attribute alone) searches an index rather than scanning every node, and nothing parses JSON.
 */
class FilterPlanTest {
  static final Instant NOW = Instant.parse("2026-11-18T10:00:00Z");
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @TempDir Path dir;

  /** 3,000 tasks over 30 projects, 20 tags and a year of due dates, both forms. */
  private Heph populated() {
    Heph heph = Heph.open(dir.resolve("plan.db"), new Heph.Options(Clock.fixed(NOW, PARIS), Duration.ofMinutes(5)));
    List<Op> ops = new ArrayList<>();
    LocalDate today = LocalDate.ofInstant(NOW, PARIS);
    long base = NOW.minus(Duration.ofDays(30)).toEpochMilli();
    for (int i = 0; i < 3000; i++) {
      long ms = base + i * 1000L;
      String id = NodeId.newId(ms, new byte[10]);
      int[] c = {0};
      java.util.function.Supplier<Hlc> hlc = () -> new Hlc(ms, c[0]++, "00000000000000aa");
      ops.add(new Op.Create(hlc.get(), id, "task"));
      ops.add(new Op.Set(hlc.get(), id, Field.TITLE, Value.text("task " + i), List.of()));
      ops.add(new Op.Set(hlc.get(), id, Field.STATUS, Value.text(i % 5 == 0 ? "done" : "open"), List.of()));
      ops.add(new Op.Set(hlc.get(), id, Field.PROJECT, Value.text("P" + i % 30 + (i % 2 == 0 ? ".Sub" : "")), List.of()));
      String due = i % 3 == 0 ? today.plusDays(i % 365).toString() : NOW.plus(Duration.ofHours(i % 5000)).toString();
      ops.add(new Op.Set(hlc.get(), id, Field.DUE, Value.text(due), List.of()));
      ops.add(new Op.Add(hlc.get(), id, Field.TAGS, Value.text("t" + i % 20)));
    }
    heph.applyRemote(ops, "test");
    return heph;
  }

  private static List<String> plan(Heph heph, String filter) {
    return HephInternals.store(heph).read(tx -> tx.queries().plan(Filter.parse(Arrays.asList(filter.split(" "))),
        NOW, PARIS));
  }

  @Test
  void theIssuesExampleSearchesAnIndex() {
    try (Heph heph = populated()) {
      List<String> plan = plan(heph, "project:P3 +t3 due.before:eom");
      System.out.println("plan of project:P3 +t3 due.before:eom: " + plan);
      assertThat(plan).as("plan %s", plan)
          .anySatisfy(step -> assertThat(step).matches("SEARCH (n|e) USING (COVERING )?INDEX .*"))
          .noneSatisfy(step -> assertThat(step).isEqualTo("SCAN n"));
      List<String> titles = new ArrayList<>();
      heph.query(Filter.parse(List.of("project:P3", "+t3", "due.before:eom")), dev.heph.core.NodeView.NODE,
          n -> titles.add(n.title()));
      assertThat(titles).isNotEmpty().allSatisfy(t -> assertThat(Integer.parseInt(t.substring(5)) % 30).isEqualTo(3));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "project:P3,           nodes_by_project",
      "project.is:P3.Sub,    nodes_by_project",
      "+t3,                  tags_by_value",
      "due.before:eom,       nodes_by_due",
      "due:today,            nodes_by_due",
      "due.after:eoy,        nodes_by_due",
      "scheduled.before:eom, nodes_by_scheduled",
      "wait.after:now,       nodes_by_wait",
      "until.before:eoy,     nodes_by_until",
  })
  void eachIndexedAttributeUsesItsIndex(String filter, String index) {
    try (Heph heph = populated()) {
      List<String> plan = plan(heph, filter);
      assertThat(plan).as("plan %s", plan).anySatisfy(step -> assertThat(step).contains("INDEX " + index));
    }
  }
}
