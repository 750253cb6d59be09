package dev.heph.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** How the tests start child JVMs: this JDK, this test classpath, and the launchers' flags. */
final class Jvm {
  private Jvm() {}

  static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

  /**
   * As bin/heph does: sqlite-jdbc would extract and check its native library on every start, so
   * it is extracted once (into target/) and children are pointed at it. Empty where no Linux
   * library for this machine is in the jar (sqlite-jdbc then extracts as usual).
   */
  private static final List<String> SQLITE_NATIVE_FLAGS = sqliteNativeFlags();

  /** {@code java <flags> -cp <test classpath> MAIN}, ready for arguments. */
  static List<String> command(String mainClass, List<String> extraFlags) {
    List<String> command = new ArrayList<>();
    command.add(JAVA.toString());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-XX:+UseSerialGC");
    command.addAll(extraFlags);
    command.addAll(SQLITE_NATIVE_FLAGS);
    command.add("-cp");
    command.add(classpath());
    command.add(mainClass);
    return command;
  }

  /** The classpath of this test JVM: hephd's, heph-sync's, heph-cli's and heph-core's classes and jars. */
  static String classpath() {
    String cp = System.getProperty("java.class.path");
    // Surefire may start tests through a manifest-only jar; the real path is then in this property.
    if (cp.contains("surefirebooter") && System.getProperty("surefire.test.class.path") != null) {
      cp = System.getProperty("surefire.test.class.path");
    }
    return cp;
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
    try (InputStream in = Jvm.class.getClassLoader().getResourceAsStream("org/sqlite/native/Linux/" + arch + "/" + name)) {
      if (in == null) {
        return List.of();
      }
      byte[] lib = in.readAllBytes();
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

  /** Child processes still alive when the test JVM exits (a test that timed out) are killed. */
  static void killOnExit(Process p) {
    CHILDREN.add(p);
  }

  private static final java.util.Set<Process> CHILDREN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> CHILDREN.forEach(Process::destroyForcibly)));
  }
}
