package dev.heph.daemon.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Child JVMs for these tests: this JDK, this test classpath (hephd + heph-cli + their jars), and
 * sqlite-jdbc pointed at its native library extracted once (saves every child the extraction).
 * Children still running when the test JVM exits are killed.
 */
final class ChildJvm {
  private ChildJvm() {}

  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final List<String> SQLITE = sqliteFlags();
  private static final String CLASSPATH = snapshot(rawClasspath());

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
  }

  /** {@code java [flags] -cp CP mainClass args...}. */
  static List<String> command(String mainClass, List<String> jvmFlags, List<String> args) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.add("--enable-native-access=ALL-UNNAMED");
    c.add("-XX:+UseSerialGC");
    c.addAll(jvmFlags);
    c.addAll(SQLITE);
    c.add("-cp");
    c.add(classpath());
    c.add(mainClass);
    c.addAll(args);
    return c;
  }

  static Process start(ProcessBuilder pb) throws IOException {
    Process p = pb.start();
    LIVE.add(p);
    p.onExit().thenRun(() -> LIVE.remove(p));
    return p;
  }

  static String classpath() {
    return CLASSPATH;
  }

  private static String rawClasspath() {
    String cp = System.getProperty("java.class.path");
    // Surefire may put a manifest-only jar on java.class.path; the real path is then here.
    if (cp.contains("surefirebooter") && System.getProperty("surefire.test.class.path") != null) {
      cp = System.getProperty("surefire.test.class.path");
    }
    return cp;
  }

  /**
   * The classpath with its class directories (the modules' target/classes) copied once: children
   * start over a minute, and a build of the same modules running meanwhile (the working tree is
   * shared) would otherwise rewrite classes under them (NoClassDefFoundError in a child).
   */
  private static String snapshot(String cp) {
    try {
      Path base = Files.createTempDirectory(Files.isDirectory(Path.of("target")) ? Path.of("target")
          : Path.of(System.getProperty("java.io.tmpdir")), "local-it-cp");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(base)));
      List<String> out = new ArrayList<>();
      int i = 0;
      for (String entry : cp.split(java.io.File.pathSeparator)) {
        Path p = Path.of(entry);
        if (Files.isDirectory(p)) {
          Path copy = base.resolve(i++ + "-" + p.getFileName());
          try (var files = Files.walk(p)) {
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
      return String.join(java.io.File.pathSeparator, out);
    } catch (IOException e) {
      return cp; // run over the originals
    }
  }

  private static void delete(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }

  private static List<String> sqliteFlags() {
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
      String sum = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(lib))
          .substring(0, 12);
      Path base = Files.isDirectory(Path.of("target")) ? Path.of("target") : Path.of(System.getProperty("java.io.tmpdir"));
      Path dir = Files.createDirectories(base.resolve("local-it-sqlite-" + sum).toAbsolutePath());
      Path file = dir.resolve(name);
      if (!Files.exists(file)) {
        Path tmp = Files.createTempFile(dir, name, ".part");
        Files.write(tmp, lib);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
      return List.of("-Dorg.sqlite.lib.path=" + dir, "-Dorg.sqlite.lib.name=" + name);
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      return List.of();
    }
  }
}
