package dev.heph.daemon.local;

import dev.heph.core.Locations;
import dev.heph.testkit.ChildJvm;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real hephd process (local or server mode). Its stdout and stderr go to files next to the
 * database; {@link #awaitReady} waits for the "serving" line.
 */
final class DaemonProc implements AutoCloseable {
  static final Pattern LOCAL_READY = Pattern.compile("^hephd: serving (.+) on (.+)$", Pattern.MULTILINE);
  static final Pattern SERVER_READY = Pattern.compile("^hephd: hub ([0-9a-f]+) serving (.+) on (https?://\\S+)$",
      Pattern.MULTILINE);
  private static final AtomicInteger COUNT = new AtomicInteger();

  final Process process;
  final Path db;
  final Path socket;
  private final Path out;
  private final Path err;
  private final Pattern ready;
  private Matcher readyLine;

  private DaemonProc(Process process, Path db, Path socket, Path out, Path err, Pattern ready) {
    this.process = process;
    this.db = db;
    this.socket = socket;
    this.out = out;
    this.err = err;
    this.ready = ready;
  }

  /** Starts {@code hephd --mode local --db DB --socket SOCKET extra...} without waiting. */
  static DaemonProc launchLocal(Path db, Path socket, String... extra) {
    List<String> args = new ArrayList<>(List.of("--mode", "local", "--db", db.toString(), "--socket", socket.toString()));
    args.addAll(List.of(extra));
    return launch(db, socket, args, LOCAL_READY);
  }

  /** Starts a local-mode daemon and waits until it serves. */
  static DaemonProc local(Path db, Path socket, String... extra) {
    return launchLocal(db, socket, extra).awaitReady();
  }

  /**
   * Starts a server-mode hephd (a hub, and POST /rpc) on an ephemeral loopback port, with extra
   * flags (e.g. {@code --tls-cert}); an open one ({@code --auth none}) unless they name an
   * {@code --auth}; waits until it serves.
   */
  static DaemonProc server(Path db, String... extra) {
    List<String> args = new ArrayList<>(List.of("--mode", "server", "--db", db.toString(), "--http-addr", "127.0.0.1:0"));
    if (!List.of(extra).contains("--auth")) {
      args.addAll(List.of("--auth", "none"));
    }
    args.addAll(List.of(extra));
    return launch(db, null, args, SERVER_READY).awaitReady();
  }

  /** Starts an open hub ({@code --auth none}) on {@code httpAddr}, e.g. the port of one that stopped; waits until it serves. */
  static DaemonProc serverAt(Path db, String httpAddr) {
    return launch(db, null, List.of("--mode", "server", "--db", db.toString(), "--http-addr", httpAddr, "--auth", "none"),
        SERVER_READY).awaitReady();
  }

  /**
   * Starts {@code hephd --mode local --db DB} with the default socket, which {@code env} places
   * ({@code XDG_RUNTIME_DIR}, {@code HOME}); waits until it serves.
   */
  static DaemonProc localWithDefaultSocket(Path db, Map<String, String> env) {
    Path socket = Locations.socket(env);
    return launch(db, socket, List.of("--mode", "local", "--db", db.toString()), LOCAL_READY, env).awaitReady();
  }

  private static DaemonProc launch(Path db, Path socket, List<String> args, Pattern ready) {
    return launch(db, socket, args, ready, Map.of());
  }

  private static DaemonProc launch(Path db, Path socket, List<String> args, Pattern ready, Map<String, String> env) {
    int n = COUNT.incrementAndGet();
    Path dir = db.toAbsolutePath().getParent();
    Path out = dir.resolve("hephd-" + n + ".out");
    Path err = dir.resolve("hephd-" + n + ".err");
    ProcessBuilder pb = new ProcessBuilder(ChildJvm.command("dev.heph.daemon.Hephd", List.of(), args))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(
            Path.of("/dev/null").toFile()));
    pb.environment().putAll(env);
    try {
      return new DaemonProc(ChildJvm.start(pb), db, socket, out, err, ready);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  DaemonProc awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = ready.matcher(stdout());
      if (m.find()) {
        readyLine = m;
        return this;
      }
      if (!process.isAlive()) {
        throw new AssertionError("hephd exited with " + process.exitValue() + " before serving; stdout: " + stdout()
            + "\nstderr: " + stderr());
      }
      sleep(20);
    }
    process.destroyForcibly();
    throw new AssertionError("hephd did not serve within 60 s; stdout: " + stdout() + "\nstderr: " + stderr());
  }

  /** Server mode: the hub's URL, from the ready line. */
  String url() {
    return readyLine.group(3);
  }

  /** Server mode: the hub's id, from the ready line. */
  String hubId() {
    return readyLine.group(1);
  }

  long pid() {
    return process.pid();
  }

  RpcConn connect() {
    return RpcConn.open(socket);
  }

  /** Waits for the process to exit by itself; returns its exit code. */
  int awaitExit(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("hephd still running after " + seconds + " s; stderr: " + stderr());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** SIGTERM; returns the exit code. */
  int terminate() {
    process.destroy();
    return awaitExit(60);
  }

  /** SIGKILL; waits until the process is gone. */
  void kill() {
    process.destroyForcibly();
    awaitExit(30);
  }

  String stdout() {
    return read(out);
  }

  String stderr() {
    return read(err);
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    String problems = stderr();
    if (problems.contains("Exception") || problems.contains("Error") || problems.contains("ERROR")) {
      // Kept in the test output: the files go with the temp dir.
      System.out.println("[hephd pid " + process.pid() + " on " + db.getFileName() + ", stderr]\n"
          + (problems.length() > 6000 ? problems.substring(0, 6000) + "\n..." : problems));
    }
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
