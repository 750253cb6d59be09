package dev.heph.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Taskwarrior ({@code task}, Debian's package) on a private data folder and rc file made
 * here: confirmations off, hooks and news silenced, the given UDAs declared. Tests compare heph with
 * what this binary itself does.
 */
public final class Taskwarrior {
  /** Where Debian installs it. */
  public static final Path BINARY = Path.of("/usr/bin/task");

  private final Path data;
  private final Path rc;

  /**
   * A fresh Taskwarrior in {@code dir} (created); {@code udas} are "name:type" pairs declared in
   * its rc (e.g. {@code estimate:numeric}).
   */
  public Taskwarrior(Path dir, String... udas) {
    try {
      Files.createDirectories(dir);
      data = Files.createDirectories(dir.resolve("data"));
      rc = dir.resolve("taskrc");
      List<String> lines = new ArrayList<>(List.of("data.location=" + data, "confirmation=off", "verbose=nothing",
          "hooks=off", "news.version=2.6.0", "recurrence.confirmation=no", "gc=on"));
      for (String uda : udas) {
        String[] nameType = uda.split(":", 2);
        lines.add("uda." + nameType[0] + ".type=" + nameType[1]);
        lines.add("uda." + nameType[0] + ".label=" + nameType[0]);
      }
      Files.write(rc, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the binary is installed; a test that needs it skips with a message saying so when not. */
  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** Runs {@code task ARGS} (with {@code stdin} as its input when not null); returns stdout, failing on a non-zero exit. */
  public String withInput(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of(BINARY.toString(), "rc:" + rc));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("TASKRC", rc.toString());
    pb.environment().put("TASKDATA", data.toString());
    pb.environment().put("TZ", "UTC");
    try {
      Path out = Files.createTempFile(rc.getParent(), "out", ".txt");
      Path err = Files.createTempFile(rc.getParent(), "err", ".txt");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process p = pb.start();
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("task " + String.join(" ", args) + " did not finish in 120 s");
      }
      String stdout = Files.readString(out);
      if (p.exitValue() != 0) {
        throw new AssertionError("task " + String.join(" ", args) + " exited " + p.exitValue() + ": "
            + Files.readString(err) + stdout);
      }
      Files.delete(out);
      Files.delete(err);
      return stdout;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs {@code task ARGS}. */
  public String run(String... args) {
    return withInput(null, args);
  }

  /** {@code task export}: every task as Taskwarrior's JSON array. */
  public String export() {
    return run("export");
  }

  /** {@code task import FILE}. */
  public String importFile(Path file) {
    return run("import", file.toString());
  }

  /** The UDAs {@link #addSample()} uses, to declare in the rc: numeric, string and date. */
  public static final String[] SAMPLE_UDAS = {"estimate:numeric", "client:string", "reviewed:date"};

  /** {@code task add ARGS}; returns the new task's uuid. */
  public String add(String... args) {
    List<String> all = new ArrayList<>(List.of("add"));
    all.addAll(List.of(args));
    run(all.toArray(String[]::new));
    return run("+LATEST", "uuids").strip();
  }

  /**
   * Fills this Taskwarrior with a bit of everything heph imports: projects (nested), tags,
   * priorities, every date attribute, annotations, UDAs of three types, depends, a recurring
   * task (its template and first instance), completed, deleted, started and waiting tasks, and
   * text needing JSON escapes. Returns the uuids made directly (not the recurrence instance).
   */
  public List<String> addSample() {
    List<String> uuids = new ArrayList<>();
    String milk = add("Buy milk", "project:Home.Shop", "+errand", "+home", "priority:H", "due:2026-12-01");
    run(milk, "annotate", "ask for oat milk");
    run(milk, "annotate", "\"quoted\" text");
    uuids.add(milk);
    String report = add("Write report", "project:Work", "estimate:3", "client:ACME", "reviewed:2026-11-20",
        "scheduled:2026-11-30", "wait:2026-11-29T09:30:00", "until:2027-01-01", "priority:L");
    run(report, "modify", "depends:" + milk);
    uuids.add(report);
    add("Water plants", "project:Home.Garden", "due:2026-12-01", "recur:weekly", "until:2027-06-01");
    uuids.add(run("status:recurring", "uuids").strip()); // the template (+LATEST is its first instance)
    String done = add("File taxes", "project:Home", "estimate:1.5");
    run(done, "done");
    uuids.add(done);
    String gone = add("Old idea", "+someday");
    run(gone, "delete");
    uuids.add(gone);
    String started = add("Fix the bike", "priority:M");
    run(started, "start");
    uuids.add(started);
    uuids.add(add("Caf\u00e9 visit", "project:Fun"));
    return uuids;
  }
}
