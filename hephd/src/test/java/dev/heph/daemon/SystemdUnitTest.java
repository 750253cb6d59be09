package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code contrib/hephd.service} works as shipped for a user manager: {@code systemd-analyze --user
 * verify} passes on it once hephd is where {@code bin/install} puts it ({@code ~/.local/bin}), and
 * fails while it is not (so the check is real). Skipped, saying why, where systemd-analyze is
 * missing or cannot run.
 */
@Timeout(120)
class SystemdUnitTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path UNIT = ROOT.resolve("contrib/hephd.service");

  @TempDir Path home;

  @Test
  void theUnitIsForAUserManagerAndRunsTheInstalledHephd() throws IOException {
    List<String> lines = Files.readAllLines(UNIT, StandardCharsets.UTF_8);
    assertThat(lines).contains("WantedBy=default.target", "ExecStart=%h/.local/bin/hephd --mode local")
        .noneMatch(line -> !line.startsWith("#") && line.contains("multi-user.target"))
        .noneMatch(line -> !line.startsWith("#") && line.contains("network-online.target"));
    assertThat(Files.readString(ROOT.resolve("bin/install"), StandardCharsets.UTF_8))
        .as("bin/install's default prefix, whose bin/ the unit names").contains("prefix=\"$HOME/.local\"");
  }

  @Test
  void systemdAnalyzeVerifiesTheUnitOnceHephdIsInstalled() throws Exception {
    Result probe = verify(Files.writeString(home.resolve("probe.service"),
        "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=default.target\n"));
    assumeThat(probe.code()).as("systemd-analyze --user verify cannot run here: %s", probe.output()).isZero();

    Result missing = verify(UNIT);
    assertThat(missing.code()).as("hephd not installed yet: %s", missing.output()).isNotZero();
    assertThat(missing.output()).contains(home.resolve(".local/bin/hephd").toString());

    Path bin = Files.createDirectories(home.resolve(".local/bin"));
    // Standing in for bin/install's launcher: it runs this checkout's.
    Files.writeString(bin.resolve("hephd"), "#!/bin/sh\nexec '" + ROOT.resolve("bin/hephd") + "' \"$@\"\n");
    Files.setPosixFilePermissions(bin.resolve("hephd"), PosixFilePermissions.fromString("rwx------"));
    Result installed = verify(UNIT);
    assertThat(installed.code()).as("systemd-analyze --user verify: %s", installed.output()).isZero();
    assertThat(installed.output()).as("no warnings either").isEmpty();
  }

  private record Result(int code, String output) {}

  /** {@code systemd-analyze --user verify UNIT} with HOME (so %h) and the runtime folder in the temp dir. */
  private Result verify(Path unit) throws IOException, InterruptedException {
    Path runtime = home.resolve("run");
    if (!Files.isDirectory(runtime)) {
      Files.createDirectories(runtime, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    ProcessBuilder pb = new ProcessBuilder("systemd-analyze", "--user", "verify", unit.toString())
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> env = pb.environment();
    env.put("HOME", home.toString());
    env.put("XDG_RUNTIME_DIR", runtime.toString());
    env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return new Result(-1, "systemd-analyze is not installed (" + e.getMessage() + ")");
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "systemd-analyze did not finish in 60 s");
    }
    return new Result(p.exitValue(), output);
  }
}
