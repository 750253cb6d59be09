package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real {@code heph} CLI ({@link Main}) as a separate JVM, with the test classpath, in an
 * environment confined to a temporary directory: {@code HOME}, {@code user.home} and
 * {@code XDG_DATA_HOME} point inside it and {@code HEPH_DB} is unset unless a test sets it.
 */
final class Cli {
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  private static final long TIMEOUT_SECONDS = 60;
  private static final AtomicInteger OUTPUTS = new AtomicInteger();

  /**
   * As bin/heph does: sqlite-jdbc would extract and check its native library on every start, so it
   * is extracted once (into target/) and the CLI is pointed at it. Empty (sqlite-jdbc then
   * extracts as usual) where no Linux library for this machine is in the jar.
   */
  private static final List<String> SQLITE_NATIVE_FLAGS = sqliteNativeFlags();

  /** What a run printed and returned. */
  record Result(int code, String out, String err, List<String> args) {
    /** Stdout lines (without the trailing empty line). */
    List<String> outLines() {
      return out.lines().toList();
    }

    /** Stderr lines. */
    List<String> errLines() {
      return err.lines().toList();
    }

    /** The parsed JSON document on stdout. */
    Object json() {
      return Json.parse(out);
    }

    Result ok() {
      assertThat(code).as("exit code of heph %s; stderr: %s", args, err).isZero();
      assertThat(err).as("stderr of heph %s", args).isEmpty();
      return this;
    }

    /** A user error: exit 1, one line on stderr starting with "heph: ", nothing on stdout. */
    Result userError() {
      assertThat(code).as("exit code of heph %s; stdout: %s; stderr: %s", args, out, err).isEqualTo(1);
      assertThat(out).as("stdout of failing heph %s", args).isEmpty();
      assertThat(errLines()).as("stderr of heph %s", args).hasSize(1);
      assertThat(err).as("stderr of heph %s", args).startsWith("heph: ").endsWith("\n");
      assertNoStackTrace();
      return this;
    }

    /**
     * A usage error: exit 2, the message on the first stderr line, then at most picocli's hints
     * ("Did you mean...", "Try 'heph X --help'.").
     */
    Result usageError() {
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

    void assertNoStackTrace() {
      assertThat(err).as("stderr of heph %s", args).doesNotContain("\tat ").doesNotContain("Exception");
    }

    /** The first stderr line. */
    String message() {
      return errLines().isEmpty() ? "" : errLines().getFirst();
    }
  }

  private final Path home;
  private final Map<String, String> env = new HashMap<>();

  /** A CLI whose home, data dir and scratch files all live under {@code sandbox}. */
  Cli(Path sandbox) {
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

  Path home() {
    return home;
  }

  /** Sets ({@code value} non-null) or removes an environment variable for later runs. */
  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  /** Runs {@code heph ARGS...}. */
  Result run(String... args) {
    return run(List.of(args));
  }

  /** Runs {@code heph --db DB ARGS...}. */
  Result on(Path db, String... args) {
    List<String> all = new ArrayList<>(List.of("--db", db.toString()));
    all.addAll(List.of(args));
    return run(all);
  }

  Result run(List<String> args) {
    return run(List.of(), args, args);
  }

  /**
   * Runs {@code heph ARGS...} with each argument given as raw bytes, UTF-8 or not, as a shell
   * passes what was typed (a ProcessBuilder would encode strings in this JVM's charset first).
   */
  Result runBytes(List<byte[]> args) {
    StringBuilder script = new StringBuilder("exec \"$@\"");
    for (byte[] arg : args) {
      script.append(" \"$(printf '%b' '");
      for (byte b : arg) {
        script.append(String.format("\\0%03o", b & 0xFF));
      }
      script.append("')\"");
    }
    List<String> shown = args.stream().map(a -> HexFormat.of().formatHex(a)).toList();
    return run(List.of("/bin/sh", "-c", script.toString(), "sh"), List.of(), shown);
  }

  /**
   * Runs {@code heph ARGS...} from {@code sh}, which first runs {@code prelude}: to set the umask,
   * or to add arguments Java cannot pass itself (bytes that are not text: {@code set -- "$@" ...}).
   */
  Result runAfter(String prelude, String... args) {
    return run(List.of("sh", "-c", prelude + "\nexec \"$@\"", "sh"), List.of(args), List.of(args));
  }

  private Result run(List<String> prefix, List<String> args, List<String> shown) {
    List<String> command = new ArrayList<>(prefix);
    command.add(JAVA.toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    // As bin/heph does: quick start-up matters more than peak speed for one command, and its
    // small thread stack must do (native code that overflows it kills the JVM).
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xss512k");
    command.add("-Duser.home=" + home);
    command.addAll(SQLITE_NATIVE_FLAGS);
    command.add("-cp");
    command.add(classpath());
    command.add("dev.heph.cli.Main");
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    Map<String, String> environment = pb.environment();
    for (String name : List.of("HEPH_DB", "XDG_DATA_HOME", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS")) {
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
    Path outFile = home.resolve(".out-" + n);
    Path errFile = home.resolve(".err-" + n);
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.redirectOutput(outFile.toFile());
    pb.redirectError(errFile.toFile());
    try {
      Process p = pb.start();
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("heph " + shown + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      String out = Files.readString(outFile, StandardCharsets.UTF_8);
      String err = Files.readString(errFile, StandardCharsets.UTF_8);
      Files.delete(outFile);
      Files.delete(errFile);
      return new Result(p.exitValue(), out, err, List.copyOf(shown));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static List<String> sqliteNativeFlags() {
    String arch = switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> null;
    };
    if (arch == null || !System.getProperty("os.name").equals("Linux")) {
      return List.of();
    }
    String name = "libsqlitejdbc.so";
    try (InputStream in = Cli.class.getClassLoader().getResourceAsStream("org/sqlite/native/Linux/" + arch + "/" + name)) {
      if (in == null) {
        return List.of();
      }
      byte[] lib = in.readAllBytes();
      // In the build directory (surefire runs in the module), named by content: concurrent runs share it safely.
      Path base = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty("java.io.tmpdir"));
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lib)).substring(0, 16);
      Path dir = Files.createDirectories(base.resolve("test-sqlite-native-" + sha).toAbsolutePath());
      Path file = dir.resolve(name);
      if (!Files.exists(file)) {
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        Files.write(tmp, lib);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return List.of("-Dorg.sqlite.lib.path=" + dir, "-Dorg.sqlite.lib.name=" + name);
    } catch (IOException | NoSuchAlgorithmException e) {
      return List.of();
    }
  }

  /** The classpath of this test JVM, which holds heph-cli's and heph-core's classes and their jars. */
  private static String classpath() {
    String cp = System.getProperty("java.class.path");
    // Surefire may start tests through a manifest-only jar; the real path is then in this property.
    if (cp.contains("surefirebooter") && System.getProperty("surefire.test.class.path") != null) {
      cp = System.getProperty("surefire.test.class.path");
    }
    return cp;
  }
}
