package dev.heph.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real {@code heph} CLI ({@code dev.heph.cli.Main}, which must be on the test classpath)
 * as a separate JVM, confined to a sandbox directory: {@code HOME}, {@code user.home} and
 * {@code XDG_DATA_HOME} point inside it and {@code HEPH_DB} is unset unless a test sets it.
 */
public final class HephCli {
  private static final long TIMEOUT_SECONDS = 90;
  private static final AtomicInteger OUTPUTS = new AtomicInteger();

  /** What a run printed and returned. */
  public record Result(int code, String out, String err, List<String> args) {
    /** Stdout lines (without the trailing empty line). */
    public List<String> outLines() {
      return out.lines().toList();
    }

    /** Stderr lines. */
    public List<String> errLines() {
      return err.lines().toList();
    }

    /** The parsed JSON document on stdout. */
    public Object json() {
      return Json.parse(out);
    }

    public Result ok() {
      assertThat(code).as("exit code of heph %s; stdout: %s; stderr: %s", args, out, err).isZero();
      assertThat(err).as("stderr of heph %s", args).isEmpty();
      return this;
    }

    /**
     * A user error: exit 1, one line on stderr starting with "heph: ", nothing on stdout, no
     * stack trace and no "internal error".
     */
    public Result userError() {
      assertThat(code).as("exit code of heph %s; stdout: %s; stderr: %s", args, out, err).isEqualTo(1);
      assertThat(out).as("stdout of failing heph %s", args).isEmpty();
      assertThat(errLines()).as("stderr of heph %s", args).hasSize(1);
      assertThat(err).as("stderr of heph %s", args).startsWith("heph: ").endsWith("\n").doesNotContain("internal error");
      assertNoStackTrace();
      return this;
    }

    /**
     * A usage error: exit 2, the message on the first stderr line, then at most picocli's hints
     * ("Did you mean...", "Try 'heph X --help'.").
     */
    public Result usageError() {
      assertThat(code).as("exit code of heph %s; stdout: %s; stderr: %s", args, out, err).isEqualTo(2);
      assertThat(out).as("stdout of failing heph %s", args).isEmpty();
      List<String> lines = errLines();
      assertThat(lines).as("stderr of heph %s", args).isNotEmpty();
      assertThat(lines.getFirst()).startsWith("heph: ");
      assertThat(lines.subList(1, lines.size())).as("stderr of heph %s after the message", args)
          .allSatisfy(l -> assertThat(l).matches("(Did you mean: .*|\\s+\\S+|Try 'heph.* --help'\\.)"));
      assertThat(lines.getLast()).as("last stderr line of heph %s", args).matches("Try 'heph.* --help'\\.");
      assertNoStackTrace();
      return this;
    }

    public void assertNoStackTrace() {
      assertThat(err).as("stderr of heph %s", args).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /** The first stderr line. */
    public String message() {
      return errLines().isEmpty() ? "" : errLines().getFirst();
    }
  }

  /** A CLI process that may still run. */
  public record Running(Process process, Path out, Path err, List<String> args) implements AutoCloseable {
    /** SIGKILL, and waits until it is gone. */
    public void kill() {
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

    public boolean isAlive() {
      return process.isAlive();
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        kill();
      }
    }
  }

  private final Path home;
  private final List<String> jvmFlags;
  private final Map<String, String> env = new HashMap<>();

  /** A CLI whose home, data dir and scratch files all live under {@code sandbox}. */
  public HephCli(Path sandbox) {
    this(sandbox, List.of());
  }

  /** With extra flags for each child JVM, e.g. the test-only {@code -Dheph.test.clock-offset=P3D}. */
  public HephCli(Path sandbox, List<String> jvmFlags) {
    this.jvmFlags = List.copyOf(jvmFlags);
    this.home = sandbox.resolve("home");
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    env.put("HOME", home.toString());
    env.put("XDG_DATA_HOME", home.resolve("xdg-data").toString());
    // Dates like "tomorrow" and the times heph log prints depend on the zone: fix it unless a test sets one.
    env.put("TZ", "UTC");
  }

  public Path home() {
    return home;
  }

  /** Sets ({@code value} non-null) or removes an environment variable for later runs. */
  public HephCli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Runs {@code heph ARGS...} to completion. */
  public Result run(String... args) {
    return run(List.of(args));
  }

  public Result run(List<String> args) {
    return await(start(List.of(), List.of(), args, args));
  }

  /** Runs {@code heph --db DB ARGS...} to completion. */
  public Result on(Path db, String... args) {
    return await(start(db, args));
  }

  /** Runs {@code heph --db DB ARGS...} with {@code stdin} as its standard input (else /dev/null). */
  public Result onWithInput(Path db, byte[] stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(List.of(args));
    Path input = home.resolve(".in-" + OUTPUTS.incrementAndGet());
    try {
      Files.write(input, stdin);
      return await(start(List.of(), List.of(), all, all, input.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      input.toFile().delete();
    }
  }

  /** Starts {@code heph --db DB ARGS...} and returns without waiting. */
  public Running start(Path db, String... args) {
    return start(List.of(), db, args);
  }

  /** Starts {@code heph --db DB ARGS...} in a JVM with extra flags (e.g. a small heap). */
  public Running start(List<String> jvmFlags, Path db, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(List.of(args));
    return start(List.of(), jvmFlags, all, all);
  }

  /**
   * Runs {@code heph ARGS...} with each argument given as raw bytes, UTF-8 or not, as a shell
   * passes what was typed (a ProcessBuilder would encode strings in this JVM's charset first).
   */
  public Result runBytes(List<byte[]> args) {
    StringBuilder script = new StringBuilder("exec \"$@\"");
    for (byte[] arg : args) {
      script.append(" \"$(printf '%b' '");
      for (byte b : arg) {
        script.append(String.format("\\0%03o", b & 0xFF));
      }
      script.append("')\"");
    }
    List<String> shown = args.stream().map(a -> HexFormat.of().formatHex(a)).toList();
    return await(start(List.of("/bin/sh", "-c", script.toString(), "sh"), List.of(), List.of(), shown));
  }

  /**
   * Runs {@code heph ARGS...} from {@code sh}, which first runs {@code prelude}: to set the umask,
   * or to add arguments Java cannot pass itself (bytes that are not text: {@code set -- "$@" ...}).
   */
  public Result runAfter(String prelude, String... args) {
    List<String> shown = List.of(args);
    return await(start(List.of("sh", "-c", prelude + "\nexec \"$@\"", "sh"), List.of(), shown, shown));
  }

  public static Result await(Running run) {
    return await(run, TIMEOUT_SECONDS);
  }

  public static Result await(Running run, long timeoutSeconds) {
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

  /** {@code PREFIX... java FLAGS... Main ARGS...}, its output to files in the home directory. */
  private Running start(List<String> prefix, List<String> runFlags, List<String> args, List<String> shown) {
    return start(prefix, runFlags, args, shown, new File("/dev/null"));
  }

  private Running start(List<String> prefix, List<String> runFlags, List<String> args, List<String> shown, File stdin) {
    // As bin/heph does: quick start-up matters more than peak speed for one command, and its small
    // thread stack must do (native code that overflows it kills the JVM). Then this CLI's own
    // flags (a clock offset), then this run's (a small heap): later ones win.
    List<String> flags = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-Duser.home=" + home));
    flags.addAll(jvmFlags);
    flags.addAll(runFlags);
    List<String> command = new ArrayList<>(prefix);
    command.addAll(ChildJvm.command("dev.heph.cli.Main", flags, args));
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> environment = pb.environment();
    // COLUMNS, LINES, NO_COLOR: tables are laid out and coloured the same whatever shell runs the tests.
    for (String name : List.of("HEPH_DB", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS",
        "COLUMNS", "LINES", "NO_COLOR")) {
      environment.remove(name);
    }
    env.forEach((k, v) -> {
      if (v == null) {
        environment.remove(k);
      } else {
        environment.put(k, v);
      }
    });
    pb.directory(home.toFile());
    int n = OUTPUTS.incrementAndGet();
    Path out = home.resolve(".out-" + n);
    Path err = home.resolve(".err-" + n);
    pb.redirectInput(ProcessBuilder.Redirect.from(stdin));
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    try {
      return new Running(ChildJvm.start(pb), out, err, List.copyOf(shown));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
