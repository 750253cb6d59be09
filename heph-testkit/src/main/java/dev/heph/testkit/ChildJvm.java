package dev.heph.testkit;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Child JVMs for tests (the real {@code heph} CLI, the daemon, a hub): this JDK, this test
 * classpath, and sqlite-jdbc pointed at its native library extracted once. Children still running
 * when the test JVM exits (a test that timed out) are killed.
 */
public final class ChildJvm {
  private ChildJvm() {}

  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  /**
   * As bin/heph does: sqlite-jdbc would extract and check its native library on every start, so
   * it is extracted once (into target/) and children are pointed at it. Empty where no Linux
   * library for this machine is in the jar (sqlite-jdbc then extracts as usual).
   */
  private static final List<String> SQLITE_NATIVE_FLAGS = sqliteNativeFlags();
  private static final String CLASSPATH = snapshot(testClasspath());

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
  }

  /** {@code java <flags> -cp <test classpath> MAIN}, ready for arguments; later flags win. */
  public static List<String> command(String mainClass, List<String> jvmFlags) {
    List<String> command = new ArrayList<>();
    command.add(JAVA.toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-XX:+UseSerialGC");
    command.addAll(jvmFlags);
    command.addAll(SQLITE_NATIVE_FLAGS);
    command.add("-cp");
    command.add(CLASSPATH);
    command.add(mainClass);
    return command;
  }

  /** {@code java <flags> -cp <test classpath> MAIN ARGS...}. */
  public static List<String> command(String mainClass, List<String> jvmFlags, List<String> args) {
    List<String> command = new ArrayList<>(command(mainClass, jvmFlags));
    command.addAll(args);
    return command;
  }

  /** Starts a child that is killed if it still runs when this JVM exits. */
  public static Process start(ProcessBuilder pb) throws IOException {
    Process p = pb.start();
    killOnExit(p);
    return p;
  }

  /** Kills {@code p} when this JVM exits, unless it has ended by then. */
  public static void killOnExit(Process p) {
    LIVE.add(p);
    p.onExit().thenRun(() -> LIVE.remove(p));
  }

  /** The classpath children run on: this test JVM's, with its class directories copied once. */
  public static String classpath() {
    return CLASSPATH;
  }

  private static String testClasspath() {
    String cp = System.getProperty("java.class.path");
    // Surefire may put a manifest-only jar on java.class.path; the real path is then here.
    if (cp.contains("surefirebooter") && System.getProperty("surefire.test.class.path") != null) {
      cp = System.getProperty("surefire.test.class.path");
    }
    return cp;
  }

  /** target/ of the module under test when there is one (surefire runs in it), else the temp dir. */
  private static Path scratch() {
    Path target = Path.of("target");
    return Files.isDirectory(target) ? target : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /**
   * The classpath with its class directories (the modules' target/classes) copied once: children
   * start over a minute, and a build of the same modules running meanwhile (bin/heph rebuilding
   * the working tree) would otherwise rewrite classes under them (NoClassDefFoundError in a child).
   */
  private static String snapshot(String cp) {
    try {
      Path base = Files.createTempDirectory(scratch(), "child-jvm-cp");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(base)));
      List<String> out = new ArrayList<>();
      int i = 0;
      for (String entry : cp.split(File.pathSeparator)) {
        Path p = Path.of(entry);
        if (Files.isDirectory(p)) {
          Path copy = base.resolve(i++ + "-" + p.getFileName());
          try (Stream<Path> files = Files.walk(p)) {
            for (Path f : (Iterable<Path>) files::iterator) {
              Path to = copy.resolve(p.relativize(f).toString());
              if (Files.isDirectory(f)) {
                Files.createDirectories(to);
              } else {
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
              }
            }
          }
          out.add(copy.toAbsolutePath().toString());
        } else {
          out.add(entry);
        }
      }
      return String.join(File.pathSeparator, out);
    } catch (IOException e) {
      return cp; // run over the originals
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static List<String> sqliteNativeFlags() {
    String arch = switch (System.getProperty("os.arch")) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> null;
    };
    if (arch == null || !"Linux".equals(System.getProperty("os.name"))) {
      return List.of();
    }
    String name = "libsqlitejdbc.so";
    try (InputStream in = ChildJvm.class.getClassLoader()
        .getResourceAsStream("org/sqlite/native/Linux/" + arch + "/" + name)) {
      if (in == null) {
        return List.of();
      }
      byte[] lib = in.readAllBytes();
      // Named by content: concurrent test JVMs share it safely, a new sqlite-jdbc gets its own.
      String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lib)).substring(0, 16);
      Path dir = Files.createDirectories(scratch().resolve("test-sqlite-native-" + sha).toAbsolutePath());
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
}
