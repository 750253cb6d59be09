package dev.heph.daemon;

import dev.heph.testkit.ChildJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code hephd --mode server} in its own JVM. Its stdout and stderr go to files under the
 * given directory; {@link #start} returns once hephd printed its "serving ... on URL" line.
 */
final class HubProcess implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("^hephd: hub ([0-9a-f]{16}) serving (.+) on (https?://\\S+)$",
      Pattern.MULTILINE);
  private static final long START_TIMEOUT_MILLIS = 60_000;
  private static final long STOP_TIMEOUT_SECONDS = 30;
  private static final AtomicInteger STARTS = new AtomicInteger();

  private final Process process;
  private final Path out;
  private final Path err;
  private final String hubId;
  private final String url;
  private final Path db;

  private HubProcess(Process process, Path out, Path err, String hubId, String url, Path db) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.hubId = hubId;
    this.url = url;
    this.db = db;
  }

  /** Starts a hub on {@code db}, listening on an ephemeral loopback port. */
  static HubProcess start(Path db) {
    return start(db, "127.0.0.1:0");
  }

  static HubProcess start(Path db, String httpAddr) {
    return start(db, List.of(), List.of("--http-addr", httpAddr));
  }

  /** Starts a hub in a JVM with extra flags (e.g. a small heap). */
  static HubProcess start(Path db, String httpAddr, List<String> jvmFlags) {
    return start(db, jvmFlags, List.of("--http-addr", httpAddr));
  }

  /**
   * Starts {@code hephd --mode server --db DB ARGS...} in a JVM with these extra flags. Without an
   * {@code --auth} among the args, the hub is an open one ({@code --auth none}), as the tests that
   * carry no token expect; a test of authentication passes {@code --auth token}.
   */
  static HubProcess start(Path db, List<String> jvmFlags, List<String> args) {
    List<String> command = new ArrayList<>(ChildJvm.command("dev.heph.daemon.Hephd", jvmFlags));
    command.addAll(List.of("--mode", "server", "--db", db.toString()));
    if (!args.contains("--auth")) {
      command.addAll(List.of("--auth", "none"));
    }
    command.addAll(args);
    int n = STARTS.incrementAndGet();
    Path dir = db.toAbsolutePath().getParent();
    Path out = dir.resolve("hephd-" + n + ".out");
    Path err = dir.resolve("hephd-" + n + ".err");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("XDG_DATA_HOME", dir.resolve("xdg-data").toString());
    pb.environment().remove("HEPH_DB");
    try {
      Process p = pb.start();
      ChildJvm.killOnExit(p);
      long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
      while (true) {
        Matcher m = READY.matcher(read(out));
        if (m.find()) {
          return new HubProcess(p, out, err, m.group(1), m.group(3), db);
        }
        if (!p.isAlive()) {
          throw new AssertionError("hephd exited with " + p.exitValue() + " before serving; stdout: " + read(out)
              + "; stderr: " + read(err));
        }
        if (System.currentTimeMillis() > deadline) {
          p.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
          throw new AssertionError("hephd did not start serving within " + START_TIMEOUT_MILLIS + " ms; stdout: "
              + read(out) + "; stderr: " + read(err));
        }
        Thread.sleep(20);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Starts hephd and waits for it to exit (for start-up failures); returns the finished process. */
  static Finished runToExit(Path dir, List<String> args) {
    List<String> command = new ArrayList<>(ChildJvm.command("dev.heph.daemon.Hephd", List.of()));
    command.addAll(args);
    int n = STARTS.incrementAndGet();
    Path out = dir.resolve("hephd-" + n + ".out");
    Path err = dir.resolve("hephd-" + n + ".err");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      ChildJvm.killOnExit(p);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        throw new AssertionError("hephd " + args + " did not exit within 60 s; stdout: " + read(out));
      }
      return new Finished(p.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** An hephd run that ended. */
  record Finished(int code, String out, String err) {}

  String url() {
    return url;
  }

  /** The port it listens on. */
  int port() {
    return java.net.URI.create(url).getPort();
  }

  String hubId() {
    return hubId;
  }

  Path db() {
    return db;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The most resident memory the process has used so far (Linux's VmHWM), in bytes. */
  long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      throw new AssertionError("no VmHWM in /proc/" + process.pid() + "/status");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGTERM ({@link Process#destroy()}), then waits; returns the exit code. */
  int stop() {
    process.destroy();
    return awaitExit("SIGTERM");
  }

  /** SIGTERM without waiting. */
  void signalTerm() {
    process.destroy();
  }

  /** Waits for the process to exit (after {@link #signalTerm}); returns the exit code. */
  int awaitExit() {
    return awaitExit("SIGTERM");
  }

  /**
   * SIGSTOP: the hub stops answering at once but keeps its sockets open, so a test can freeze it
   * mid-request and then {@link #kill} it without a race against a fast client.
   */
  void freeze() {
    try {
      Process k = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start();
      if (k.waitFor() != 0) {
        throw new AssertionError("kill -STOP " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** SIGKILL ({@link Process#destroyForcibly()}), then waits; returns the exit code. */
  int kill() {
    process.destroyForcibly();
    return awaitExit("SIGKILL");
  }

  private int awaitExit(String signal) {
    try {
      if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        throw new AssertionError("hephd did not exit within " + STOP_TIMEOUT_SECONDS + " s of " + signal
            + "; log: " + log());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** What hephd printed on stdout so far. */
  String stdout() {
    return read(out);
  }

  /** What hephd printed on stderr so far (Jetty's log goes there). */
  String stderr() {
    return read(err);
  }

  /** Both streams, stdout first. */
  String log() {
    return "--- stdout\n" + stdout() + "--- stderr\n" + stderr();
  }

  /** Lines of both streams. */
  List<String> logLines() {
    List<String> lines = new ArrayList<>(stdout().lines().toList());
    lines.addAll(stderr().lines().toList());
    return lines;
  }

  /** Kills the process if it still runs (for @AfterEach: a test that failed half-way). */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
