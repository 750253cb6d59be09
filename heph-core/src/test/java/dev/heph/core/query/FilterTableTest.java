package dev.heph.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.Node;
import dev.heph.core.NodeView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter grammar, row by row, over {@link FilterData} on a real store: each row's filter and
 * the titles it must match at a pinned time (a Wednesday, 11:00 in Paris). The rows marked "tw"
 * mean the same in Taskwarrior, and {@link #taskwarriorAgrees} runs each of them through the real
 * {@code task} 2.6 over the same data and compares the uuids.
 */
class FilterTableTest {

  /** Wednesday 2026-11-18, 11:00 in Paris. */
  static final Instant NOW = Instant.parse("2026-11-18T10:00:00Z");
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static final Path TASK = Path.of("/usr/bin/task");

  @TempDir Path dir;

  private static Arguments row(String filter, String titles, boolean tw) {
    return Arguments.of(filter, titles, tw);
  }

  /** Filter words; the matching titles in creation order; whether Taskwarrior means the same. */
  static Stream<Arguments> rows() {
    String pending = "Buy milk, Water the garden, Call Homes agency, Write report, Review budget, Plan trip, Fix bike,"
        + " Pay invoice, Morning call, Next week, Milk run";
    return Stream.of(
        row("", "Buy milk, Water the garden, Call Homes agency, Write report, Review budget, Plan trip, Old errand,"
            + " Cancelled plan, Deleted errand, Meeting notes, Fix bike, Renew passport, Pay invoice, Morning call,"
            + " Next week, Milk run", true),
        // Projects: heph's project:Home is Home and Home.*; Taskwarrior's also matches Homes (a prefix).
        row("project:Home", "Buy milk, Water the garden, Cancelled plan, Fix bike", false),
        row("project.not:Home", "Call Homes agency, Write report, Review budget, Plan trip, Old errand, Deleted errand,"
            + " Meeting notes, Renew passport, Pay invoice, Morning call, Next week, Milk run", false),
        row("project.is:Home", "Buy milk, Cancelled plan, Fix bike", true),
        row("project:Work", "Write report, Review budget", true),
        row("project.not:Work", "Buy milk, Water the garden, Call Homes agency, Plan trip, Old errand, Cancelled plan,"
            + " Deleted errand, Meeting notes, Fix bike, Renew passport, Pay invoice, Morning call, Next week,"
            + " Milk run", true),
        row("project.startswith:Home", "Buy milk, Water the garden, Call Homes agency, Cancelled plan, Fix bike", true),
        row("project:", "Plan trip, Old errand, Deleted errand, Meeting notes, Renew passport, Pay invoice,"
            + " Morning call, Next week, Milk run", true),
        row("project.any:", "Buy milk, Water the garden, Call Homes agency, Write report, Review budget,"
            + " Cancelled plan, Fix bike", true),
        // Tags and boolean structure.
        row("+errand", "Buy milk, Old errand, Deleted errand, Milk run", true),
        row("-errand", "Water the garden, Call Homes agency, Write report, Review budget, Plan trip, Cancelled plan,"
            + " Meeting notes, Fix bike, Renew passport, Pay invoice, Morning call, Next week", true),
        row("+errand +home", "Buy milk", true),
        row("+errand and +home", "Buy milk", true),
        row("+errand or +work", "Buy milk, Write report, Old errand, Deleted errand, Milk run", true),
        row("+home or +work +errand", "Buy milk, Water the garden", true),
        row("( +home or +work ) -errand", "Water the garden, Write report", true),
        row("(+home or +work) -errand", "Water the garden, Write report", true),
        row("+home xor +errand", "Water the garden, Old errand, Deleted errand, Milk run", true),
        row("+TAGGED", "Buy milk, Water the garden, Write report, Plan trip, Old errand, Deleted errand, Milk run",
            true),
        // Statuses.
        row("status:pending", pending, true),
        row("-WAITING status:pending", pending, true),
        row("status:completed", "Old errand", true),
        row("status:deleted", "Cancelled plan, Deleted errand", true),
        row("status:waiting", "Renew passport", true),
        row("+WAITING", "Renew passport", true),
        row("status.not:pending", "Old errand, Cancelled plan, Deleted errand, Meeting notes, Renew passport", true),
        // Virtual tags.
        row("+OVERDUE", "Buy milk, Write report, Morning call", true),
        row("+TODAY", "Buy milk, Pay invoice, Morning call", true),
        row("+TOMORROW", "Water the garden", true),
        row("+ACTIVE", "Fix bike", true),
        row("+BLOCKED", "Pay invoice", true),
        row("+BLOCKING", "Write report", true),
        row("-BLOCKED status:pending", "Buy milk, Water the garden, Call Homes agency, Write report, Review budget,"
            + " Plan trip, Fix bike, Morning call, Next week, Milk run", true),
        // Dates, both stored forms, against named dates, durations and weekdays.
        row("due.before:today", "Write report, Old errand", true),
        row("due.by:today", "Buy milk, Write report, Old errand", true),
        row("due.after:today", "Water the garden, Call Homes agency, Review budget, Renew passport, Pay invoice,"
            + " Morning call, Next week", true),
        row("due:today", "Buy milk, Pay invoice, Morning call", true),
        row("due.is:today", "Buy milk", true),
        row("due.not:today", "Water the garden, Call Homes agency, Write report, Review budget, Plan trip, Old errand,"
            + " Cancelled plan, Deleted errand, Meeting notes, Fix bike, Renew passport, Next week, Milk run", true),
        row("due:", "Plan trip, Cancelled plan, Deleted errand, Meeting notes, Fix bike, Milk run", true),
        row("due.before:eom", "Buy milk, Water the garden, Call Homes agency, Write report, Review budget, Old errand,"
            + " Renew passport, Pay invoice, Morning call, Next week", true),
        row("due.before:+3d", "Buy milk, Water the garden, Call Homes agency, Write report, Old errand, Pay invoice,"
            + " Morning call", true),
        row("due.after:eow", "Review budget, Renew passport, Next week", true),
        row("due.before:fri", "Buy milk, Water the garden, Write report, Old errand, Pay invoice, Morning call", true),
        row("due.before:now", "Buy milk, Write report, Old errand, Morning call", true),
        row("scheduled.before:eom", "Next week", true),
        row("until.any:", "Next week", true),
        row("wait.after:now", "Renew passport", true),
        row("entry.before:now", "Buy milk, Water the garden, Call Homes agency, Write report, Review budget, Plan trip,"
            + " Old errand, Cancelled plan, Deleted errand, Meeting notes, Fix bike, Renew passport, Pay invoice,"
            + " Morning call, Next week, Milk run", true),
        row("entry.after:now", "", true),
        // Text: case-sensitive, as Taskwarrior's default; bare words also search the body (annotations there).
        row("milk", "Buy milk, Review budget, Meeting notes", true),
        row("Milk", "Milk run", true),
        // Taskwarrior's description.contains also looks in annotations; heph's description is the title alone.
        row("description.contains:milk", "Buy milk", false),
        row("description.has:Milk", "Milk run", true),
        row("description.startswith:Buy", "Buy milk", true),
        row("description.endswith:run", "Milk run", true),
        row("priority:H", "Buy milk", true),
        row("priority.any:", "Buy milk, Write report, Milk run", true),
        row("kind:note", "Meeting notes", false),
        // The example.
        row("project:Home +errand due.before:eom", "Buy milk", true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void matches(String filter, String titles, boolean tw) {
    FilterData data = new FilterData(NOW, PARIS);
    try (Heph heph = open(data, NOW)) {
      assertThat(String.join(", ", titles(heph, data, filter, false))).isEqualTo(titles);
      assertThat(heph.count(Filter.parse(words(filter)))).isEqualTo(titles.isEmpty() ? 0 : titles.split(", ").length);
    }
  }

  /**
   * Every row marked "tw", through Taskwarrior 2.6 over the same tasks (made relative to the real
   * now, which {@code task} reads) in the same zone: the same uuids, or the rows that differ.
   */
  @Test
  void taskwarriorAgrees() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(TASK), "Taskwarrior is not installed (/usr/bin/task, Debian package"
        + " 'taskwarrior'): the comparison with Taskwarrior's answers is skipped");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    FilterData data = new FilterData(now, PARIS);
    try (Heph heph = open(data, now)) {
      Taskwarrior task = new Taskwarrior(dir.resolve("tw"));
      task.run(data.taskwarriorJson(), "import", "-");
      List<String> differences = new ArrayList<>();
      for (Arguments row : rows().toList()) {
        String filter = (String) row.get()[0];
        if (!(boolean) row.get()[2]) {
          continue;
        }
        TreeSet<String> ours = new TreeSet<>(titles(heph, data, filter, true));
        TreeSet<String> theirs = new TreeSet<>();
        Map<String, String> byId = new java.util.HashMap<>();
        data.ids.forEach((title, id) -> byId.put(id, title));
        List<String> args = new ArrayList<>(words(filter));
        args.add("export");
        Matcher m = Pattern.compile("\"uuid\":\"([0-9a-f-]+)\"").matcher(task.run(null, args.toArray(String[]::new)));
        while (m.find()) {
          theirs.add(byId.get(m.group(1)));
        }
        if (!ours.equals(theirs)) {
          differences.add(filter + ": heph " + ours + ", task " + theirs);
        }
      }
      assertThat(differences).isEmpty();
    }
  }

  private Heph open(FilterData data, Instant now) {
    Heph heph = Heph.open(dir.resolve("heph.db"), new Heph.Options(Clock.fixed(now, PARIS), Duration.ofMinutes(5)));
    data.load(heph);
    return heph;
  }

  private static List<String> words(String filter) {
    return filter.isEmpty() ? List.of() : Arrays.asList(filter.split(" "));
  }

  private static List<String> titles(Heph heph, FilterData data, String filter, boolean tasksOnly) {
    List<String> out = new ArrayList<>();
    heph.query(Filter.parse(words(filter)), NodeView.NODE, (Node n) -> {
      if (!tasksOnly || n.isTask()) {
        out.add(n.title());
      }
    });
    return out;
  }

  /** The real {@code task} with its own data folder and rc file, in the test's zone. */
  private record Taskwarrior(Path home) {
    Taskwarrior {
      try {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("taskrc"), "data.location=" + home.resolve("data") + "\nconfirmation=off\n"
            + "verbose=nothing\nrecurrence=off\ngc=off\n");
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    String run(String stdin, String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(List.of(TASK.toString(), "rc.hooks=off"));
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().put("TASKRC", home.resolve("taskrc").toString());
      pb.environment().put("TASKDATA", home.resolve("data").toString());
      pb.environment().put("TZ", PARIS.getId());
      Process p = pb.start();
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() > 1) {
        throw new IOException("task " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    }
  }
}
