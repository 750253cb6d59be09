package dev.heph.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/install --no-build} into a temporary prefix, on a clean HOME, over the jars this
 * build packaged; then the installed {@code heph} and {@code hephd} run with no JDK anywhere:
 * no JAVA_HOME and a PATH that holds bash alone.
 */
class InstallTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JDK = Path.of(System.getProperty("java.home"));

  @TempDir static Path tmp;
  private static Path prefix;
  private static Path home;
  private static Path barePath;

  private record Run(int exit, String out) {}

  @BeforeAll
  static void installOnce() throws Exception {
    assumeTrue(Files.isRegularFile(ROOT.resolve("hephd/target/hephd.jar")),
        "hephd is not packaged (run mvn verify, not mvn test)");
    prefix = tmp.resolve("pre fix"); // a space: the launchers quote their paths
    home = Files.createDirectories(tmp.resolve("home"));
    barePath = Files.createDirectories(tmp.resolve("path"));
    Files.copy(Path.of("/bin/bash").toRealPath(), barePath.resolve("bash"), StandardCopyOption.COPY_ATTRIBUTES);
    Run install = install("--no-build", "--prefix", prefix.toString());
    assertThat(install.exit()).as(install.out()).isZero();
    assertThat(install.out()).contains("heph: installed in " + prefix);
  }

  /** bin/install with this JDK and the caller's PATH (it needs jlink; Maven only to build). */
  private static Run install(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/install").toString()));
    command.addAll(List.of(args));
    return run(command, Map.of("HOME", home.toString(), "JAVA_HOME", JDK.toString(),
        "PATH", System.getenv("PATH")));
  }

  /** An installed program with no JDK on the machine as far as it can tell. */
  private static Run installed(String program, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(prefix.resolve("bin").resolve(program).toString()));
    command.addAll(List.of(args));
    return run(command, Map.of("HOME", home.toString(), "PATH", barePath.toString()));
  }

  private static Run run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.directory(tmp.toFile());
    Path out = Files.createTempFile(tmp, "out", ".txt");
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in 300 s: " + Files.readString(out));
    }
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  @Test
  void installedHephRunsWithNoJdk() throws Exception {
    assertThat(barePath.resolve("java")).doesNotExist();
    Run add = installed("heph", "add", "x");
    assertThat(add.exit()).as(add.out()).isZero();
    Run list = installed("heph", "list");
    assertThat(list.exit()).as(list.out()).isZero();
    assertThat(list.out()).contains(" x").contains("1 node");
    assertThat(home.resolve(".local/share/heph/heph.db")).exists();
    Run help = installed("hephd", "--help");
    assertThat(help.exit()).as(help.out()).isZero();
    assertThat(help.out()).startsWith("Usage: hephd");
  }

  @Test
  void manPagesAndBashCompletionAreInstalledAndRender() throws Exception {
    Path man1 = prefix.resolve("share/man/man1");
    assertThat(man1.resolve("heph.1")).isRegularFile();
    assertThat(man1.resolve("heph-conflicts-resolve.1")).isRegularFile();
    assertThat(mode(man1.resolve("heph-add.1"))).isEqualTo("rw-r--r--");
    Run man = run(List.of("man", "-l", man1.resolve("heph.1").toString()),
        Map.of("HOME", home.toString(), "PATH", System.getenv("PATH"), "MANPAGER", "cat", "MANWIDTH", "100"));
    assertThat(man.exit()).as(man.out()).isZero();
    assertThat(man.out()).contains("HEPH(1)", "heph-add(1)", "EXIT STATUS");
    assertThat(Files.readString(prefix.resolve("share/bash-completion/completions/heph"))).contains("complete -F _heph heph");
  }

  @Test
  void runtimeHoldsOnlyTheModulesHephNeeds() throws IOException {
    String release = Files.readString(prefix.resolve("lib/heph/runtime/release"));
    assertThat(release).contains("java.sql", "java.net.http", "jdk.net", "jdk.charsets")
        .doesNotContain("java.desktop", "jdk.compiler", "jdk.jlink");
    assertThat(prefix.resolve("lib/heph/heph-local.aot")).isRegularFile();
    assertThat(prefix.resolve("lib/heph/heph-net.aot")).isRegularFile();
  }

  @Test
  void programFilesAreWorldReadableAndOnlyOwnerWritable() throws IOException {
    assertThat(mode(prefix.resolve("bin/heph"))).isEqualTo("rwxr-xr-x");
    assertThat(mode(prefix.resolve("bin/hephd"))).isEqualTo("rwxr-xr-x");
    assertThat(mode(prefix.resolve("lib/heph/runtime/bin/java"))).isEqualTo("rwxr-xr-x");
    try (Stream<Path> files = Files.walk(prefix.resolve("lib/heph"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isDirectory(f)) {
          assertThat(mode(f)).as(f.toString()).isEqualTo("rwxr-xr-x");
        } else if (f.toString().endsWith(".jar") || f.toString().endsWith(".aot")) {
          assertThat(mode(f)).as(f.toString()).isEqualTo("rw-r--r--");
        } else {
          assertThat(mode(f)).as(f.toString()).isIn("rw-r--r--", "rwxr-xr-x");
        }
      }
    }
  }

  @Test
  void reinstallKeepsDataAndUninstallRemovesOnlyTheProgram() throws Exception {
    Path other = tmp.resolve("other");
    Run first = install("--no-build", "--prefix", other.toString());
    assertThat(first.exit()).as(first.out()).isZero();
    Run again = install("--no-build", "--prefix", other.toString());
    assertThat(again.exit()).as(again.out()).isZero();
    assertThat(again.out()).contains("keeping the installed runtime");
    try (Stream<Path> left = Files.list(other.resolve("lib"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("heph"); // no staging left over
    }
    Run gone = install("--uninstall", "--prefix", other.toString());
    assertThat(gone.exit()).as(gone.out()).isZero();
    assertThat(other.resolve("bin/heph")).doesNotExist();
    assertThat(other.resolve("bin/hephd")).doesNotExist();
    assertThat(other.resolve("lib/heph")).doesNotExist();
    assertThat(other.resolve("share/man/man1/heph.1")).doesNotExist();
    assertThat(other.resolve("share/bash-completion/completions/heph")).doesNotExist();
  }

  @Test
  void aForeignHephIsNeitherReplacedNorRemoved() throws Exception {
    Path foreign = tmp.resolve("foreign");
    Files.createDirectories(foreign.resolve("bin"));
    Files.writeString(foreign.resolve("bin/heph"), "#!/bin/sh\necho mine\n");
    Run install = install("--no-build", "--prefix", foreign.toString());
    assertThat(install.exit()).isEqualTo(1);
    assertThat(install.out()).contains("was not written by bin/install");
    Run uninstall = install("--uninstall", "--prefix", foreign.toString());
    assertThat(uninstall.out()).contains("left as is");
    assertThat(Files.readString(foreign.resolve("bin/heph"))).isEqualTo("#!/bin/sh\necho mine\n");
    assertThat(foreign.resolve("lib")).doesNotExist();
  }

  @Test
  void badOptionsSayWhatIsWrong() throws Exception {
    Run bad = install("--prefx", "/tmp");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.out()).isEqualTo("bin/install: unknown option '--prefx' (see bin/install --help)\n");
    Run help = install("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("usage: bin/install [--prefix DIR]", "--uninstall");
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
