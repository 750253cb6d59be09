package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real {@code heph} CLI ({@code dev.heph.cli.Main}) as a separate JVM with the test
 * classpath, confined to a sandbox directory: {@code HOME}, {@code user.home} and
 * {@code XDG_DATA_HOME} point inside it and {@code HEPH_DB} is unset.
 */
final class HephCli {
  private static final long TIMEOUT_SECONDS = 90;
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final Path home;
  private final List<String> jvmFlags;

  HephCli(Path sandbox) {
    this(sandbox, List.of());
  }

  /** With extra flags for each child JVM, e.g. the test-only {@code -Dheph.test.clock-offset=P3D}. */
  HephCli(Path sandbox, List<String> jvmFlags) {
    this.jvmFlags = List.copyOf(jvmFlags);
    this.home = sandbox.resolve("cli-home");
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a run printed and returned. */
  record Result(int code, String out, String err, List<String> args) {
    List<String> outLines() {
      return out.lines().toList();
    }

    List<String> errLines() {
      return err.lines().toList();
    }

    Object json() {
      return Json.parse(out);
    }

    Result ok() {
      assertThat(code).as("exit code of heph %s; stdout: %s; stderr: %s", args, out, err).isZero();
      assertThat(err).as("stderr of heph %s", args).isEmpty();
      return this;
    }

    /** Exit 1, nothing on stdout, exactly one line on stderr starting with "heph: ", no stack trace. */
    Result failedWithOneLine() {
      assertThat(code).as("exit code of heph %s; stdout: %s; stderr: %s", args, out, err).isEqualTo(1);
      assertThat(out).as("stdout of failing heph %s", args).isEmpty();
      assertThat(errLines()).as("stderr of heph %s", args).hasSize(1);
      assertThat(err).as("stderr of heph %s", args).startsWith("heph: ").endsWith("\n")
          .doesNotContain("\tat ").doesNotContain("internal error");
      return this;
    }
  }

  /** {@code heph --db DB ARGS...}, to completion. */
  Result on(Path db, String... args) {
    return await(start(db, args));
  }

  /** Starts {@code heph --db DB ARGS...} and returns without waiting. */
  Running start(Path db, String... args) {
    return start(List.of(), db, args);
  }

  /** Starts {@code heph --db DB ARGS...} in a JVM with extra flags (e.g. a small heap). */
  Running start(List<String> jvmFlags, Path db, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(List.of(args));
    // As bin/heph does: quick start-up matters more than peak speed for one command. Then this
    // CLI's own flags (a clock offset), then this run's (a small heap): later ones win.
    List<String> flags = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-Duser.home=" + home));
    flags.addAll(this.jvmFlags);
    flags.addAll(jvmFlags);
    List<String> command = new ArrayList<>(Jvm.command("dev.heph.cli.Main", flags));
    command.addAll(all);
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> env = pb.environment();
    for (String name : List.of("HEPH_DB", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
      env.remove(name);
    }
    env.put("HOME", home.toString());
    env.put("XDG_DATA_HOME", home.resolve("xdg-data").toString());
    env.put("TZ", "UTC");
    pb.directory(home.toFile());
    int n = RUNS.incrementAndGet();
    Path out = home.resolve("run-" + n + ".out");
    Path err = home.resolve("run-" + n + ".err");
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    try {
      Process p = pb.start();
      Jvm.killOnExit(p);
      return new Running(p, out, err, List.copyOf(all));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CLI process that may still run. */
  record Running(Process process, Path out, Path err, List<String> args) implements AutoCloseable {
    /** SIGKILL, and waits until it is gone. */
    void kill() {
      process.destroyForcibly();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          throw new AssertionError("heph " + args + " survived SIGKILL for 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    boolean isAlive() {
      return process.isAlive();
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        kill();
      }
    }
  }

  static Result await(Running run) {
    return await(run, TIMEOUT_SECONDS);
  }

  static Result await(Running run, long timeoutSeconds) {
    try {
      if (!run.process().waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        run.kill();
        throw new AssertionError("heph " + run.args() + " did not finish in " + timeoutSeconds + " s");
      }
      String out = Files.readString(run.out(), StandardCharsets.UTF_8);
      String err = Files.readString(run.err(), StandardCharsets.UTF_8);
      Files.deleteIfExists(run.out());
      Files.deleteIfExists(run.err());
      return new Result(run.process().exitValue(), out, err, run.args());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
