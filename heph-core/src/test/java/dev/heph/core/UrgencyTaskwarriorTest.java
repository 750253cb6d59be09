package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.heph.testkit.Json;
import dev.heph.testkit.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * heph's urgency against the real Taskwarrior 2.6.2 ({@code /usr/bin/task}, Debian's package):
 * the same tasks in both, each task's urgency from {@code task export} beside heph's, computed by
 * the store. Taskwarrior's "now" cannot be pinned, so every date is relative to the real now and
 * the two are compared within a tolerance (the due term moves 0.46 a day, 0.00001 a second).
 */
class UrgencyTaskwarriorTest {
  private static final Path TASK = Path.of("/usr/bin/task");
  private static final DateTimeFormatter TW = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  @TempDir Path dir;

  /** One task as both tools take it; built by the {@code with...} steps from {@link #task}. */
  private record Spec(String title, long ageDays, String due, String priority, List<String> tags, boolean done,
      String project, String scheduled, String waitUntil, int annotations, boolean started) {
    static Spec task(String title) {
      return new Spec(title, 0, null, null, List.of(), false, null, null, null, 0, false);
    }

    Spec age(long days) {
      return new Spec(title, days, due, priority, tags, done, project, scheduled, waitUntil, annotations, started);
    }

    Spec due(String at) {
      return new Spec(title, ageDays, at, priority, tags, done, project, scheduled, waitUntil, annotations, started);
    }

    Spec priority(String p) {
      return new Spec(title, ageDays, due, p, tags, done, project, scheduled, waitUntil, annotations, started);
    }

    Spec tags(String... t) {
      return new Spec(title, ageDays, due, priority, List.of(t), done, project, scheduled, waitUntil, annotations, started);
    }

    Spec completed() {
      return new Spec(title, ageDays, due, priority, tags, true, project, scheduled, waitUntil, annotations, started);
    }

    Spec project(String p) {
      return new Spec(title, ageDays, due, priority, tags, done, p, scheduled, waitUntil, annotations, started);
    }

    Spec scheduled(String at) {
      return new Spec(title, ageDays, due, priority, tags, done, project, at, waitUntil, annotations, started);
    }

    Spec waitUntil(String at) {
      return new Spec(title, ageDays, due, priority, tags, done, project, scheduled, at, annotations, started);
    }

    Spec annotations(int n) {
      return new Spec(title, ageDays, due, priority, tags, done, project, scheduled, waitUntil, n, started);
    }

    Spec active() {
      return new Spec(title, ageDays, due, priority, tags, done, project, scheduled, waitUntil, annotations, true);
    }
  }

  @Test
  void urgencyMatchesTaskwarriorsForVariedTasks() throws Exception {
    assertThat(TASK).as("Taskwarrior 2.6 (apt-get install taskwarrior) is needed for this test").isExecutable();
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
    List<Spec> specs = List.of(
        Spec.task("plain"),
        Spec.task("high").priority("H"),
        Spec.task("medium due in three days").age(1).due(now.plus(Duration.ofDays(3)).toString()).priority("M"),
        Spec.task("low due in twenty days").age(2).due(today.plusDays(20).toString()).priority("L"),
        Spec.task("due today").due(today.toString()),
        Spec.task("ten days overdue").age(30).due(today.minusDays(10).toString()),
        Spec.task("due yesterday evening").age(3).due(now.minus(Duration.ofHours(30)).toString()).priority("H").tags("a"),
        Spec.task("next and one more").tags("next", "home"),
        Spec.task("three tags").tags("a", "b", "c"),
        Spec.task("a hundred days old").age(100),
        Spec.task("four hundred days old").age(400).tags("x"),
        Spec.task("in a project").project("Home.Garden"),
        Spec.task("scheduled yesterday").scheduled(today.minusDays(1).toString()),
        Spec.task("scheduled next week").scheduled(today.plusDays(7).toString()).project("Work"),
        Spec.task("waiting a week").waitUntil(now.plus(Duration.ofDays(7)).toString()).priority("M"),
        Spec.task("one annotation").annotations(1),
        Spec.task("two annotations").annotations(2).tags("a", "b"),
        Spec.task("four annotations").annotations(4),
        Spec.task("started").active().due(today.plusDays(1).toString()),
        Spec.task("blocked").age(5).priority("M"),
        Spec.task("blocking").age(5),
        Spec.task("depends on a done task").age(5),
        Spec.task("done dependency").age(6).due(today.minusDays(1).toString()).priority("H").completed());

    // heph: each task created at its age (oldest first: the hybrid clock only moves forward).
    TestClock clock = new TestClock(now);
    Path db = dir.resolve("heph.db");
    Map<String, String> ids = new LinkedHashMap<>();
    List<Spec> byAge = new ArrayList<>(specs);
    byAge.sort((a, b) -> Long.compare(b.ageDays(), a.ageDays()));
    Map<String, Instant> created = new HashMap<>();
    try (Heph heph = Heph.open(db, new Heph.Options(clock, Duration.ofDays(1000)))) {
      for (Spec s : byAge) {
        clock.set(now.minus(Duration.ofDays(s.ageDays())).toEpochMilli());
        Node n = heph.add(new NewNode("task", s.title(), null, s.tags(), s.due(), s.priority(), null, s.project(),
            s.scheduled(), s.waitUntil(), null, List.of(), Map.of()));
        for (int i = 0; i < s.annotations(); i++) {
          heph.annotate(n.id(), "note " + i);
        }
        ids.put(s.title(), n.id());
        created.put(s.title(), n.created());
      }
      clock.set(now.toEpochMilli());
      heph.link(ids.get("blocked"), ids.get("blocking"), "depends");
      heph.link(ids.get("depends on a done task"), ids.get("done dependency"), "depends");
      heph.done(ids.get("done dependency"));
      heph.start(ids.get("started"));
    }

    // Taskwarrior: the same tasks, uuids, entry times, dates and dependencies.
    List<Map<String, Object>> tw = new ArrayList<>();
    for (Spec s : specs) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("uuid", ids.get(s.title()));
      t.put("description", s.title());
      t.put("status", s.done() ? "completed" : "pending");
      t.put("entry", TW.format(created.get(s.title())));
      if (s.done()) {
        t.put("end", TW.format(now));
      }
      putMoment(t, "due", s.due());
      putMoment(t, "scheduled", s.scheduled());
      putMoment(t, "wait", s.waitUntil());
      if (s.project() != null) {
        t.put("project", s.project());
      }
      if (s.started()) {
        t.put("start", TW.format(now));
      }
      List<Map<String, Object>> notes = new ArrayList<>();
      for (int i = 0; i < s.annotations(); i++) {
        notes.add(Map.of("entry", TW.format(now.minusSeconds(i)), "description", "note " + i));
      }
      if (!notes.isEmpty()) {
        t.put("annotations", notes);
      }
      if (s.priority() != null) {
        t.put("priority", s.priority());
      }
      if (!s.tags().isEmpty()) {
        t.put("tags", s.tags());
      }
      tw.add(t);
    }
    tw.get(specs.indexOf(specs.stream().filter(s -> s.title().equals("blocked")).findFirst().orElseThrow()))
        .put("depends", List.of(ids.get("blocking")));
    tw.get(specs.indexOf(specs.stream().filter(s -> s.title().equals("depends on a done task")).findFirst().orElseThrow()))
        .put("depends", List.of(ids.get("done dependency")));
    task(Json.write(tw).getBytes(StandardCharsets.UTF_8), "import", "-");
    Map<String, Double> theirs = new HashMap<>();
    for (Map<String, Object> t : Json.objects(Json.parse(new String(task(new byte[0], "rc.json.array=on", "export"),
        StandardCharsets.UTF_8)))) {
      theirs.put((String) t.get("uuid"), ((Number) t.get("urgency")).doubleValue());
    }

    Map<String, Double> ours = new HashMap<>();
    try (Heph heph = Heph.open(db, new Heph.Options(clock, Duration.ofDays(1000)))) {
      clock.set(Instant.now().toEpochMilli());
      heph.report(new Report(Report.Scope.ALL, new dev.heph.core.query.Filter.Everything(), 0), NodeView.NODE, r -> ours.put(r.node().id(), r.urgency()));
    }
    assertThat(ours).hasSize(specs.size());
    for (Spec s : specs) {
      String id = ids.get(s.title());
      assertThat(ours.get(id)).as(s.title() + ": heph %s, Taskwarrior %s", ours.get(id), theirs.get(id))
          .isCloseTo(theirs.get(id), within(0.01));
    }
    // The cases differ from each other: the comparison is not of zeros.
    assertThat(theirs.values().stream().distinct().count()).isGreaterThan(15);
  }

  /** An all-day date is local midnight (the zone is UTC on both sides here); an instant is itself. */
  private static void putMoment(Map<String, Object> task, String key, String moment) {
    if (moment != null) {
      task.put(key, TW.format(moment.length() == 10 ? LocalDate.parse(moment).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(moment)));
    }
  }

  /** Runs Taskwarrior on this test's private data, with {@code stdin}; its standard output. */
  private byte[] task(byte[] stdin, String... args) throws IOException, InterruptedException {
    Path data = Files.createDirectories(dir.resolve("taskdata"));
    Path rc = dir.resolve("taskrc");
    if (!Files.exists(rc)) {
      Files.writeString(rc, "data.location=" + data + "\nconfirmation=off\nverbose=nothing\nhooks=off\n");
    }
    List<String> command = new ArrayList<>(List.of(TASK.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("TASKRC", rc.toString());
    pb.environment().put("TASKDATA", data.toString());
    pb.environment().put("TZ", "UTC");
    Process p = pb.start();
    p.getOutputStream().write(stdin);
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("task " + String.join(" ", args) + ": " + new String(out, StandardCharsets.UTF_8))
        .isZero();
    return out;
  }
}
