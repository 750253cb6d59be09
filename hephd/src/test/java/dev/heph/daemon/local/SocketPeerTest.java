package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon serves only its own user, whatever the socket's mode: a probe process (the JDK's
 * source launcher) asks {@code daemon.status} as the daemon's user and is answered; the same probe
 * run as another user ({@code setpriv}, so the test must run as root) through a socket whose mode
 * was loosened is hung up on without an answer, and the daemon logs it.
 */
@Timeout(120)
class SocketPeerTest {
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final String NOBODY = "65534";
  private static final String PROBE = """
      import java.net.UnixDomainSocketAddress;
      import java.nio.ByteBuffer;
      import java.nio.channels.SocketChannel;
      import java.nio.charset.StandardCharsets;

      public class Probe {
        public static void main(String[] args) throws Exception {
          StringBuilder answer = new StringBuilder();
          try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(args[0]))) {
            c.write(ByteBuffer.wrap("{\\"jsonrpc\\":\\"2.0\\",\\"id\\":1,\\"method\\":\\"daemon.status\\"}\\n"
                .getBytes(StandardCharsets.UTF_8)));
            ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
            while (answer.indexOf("\\n") < 0 && c.read(buffer.clear()) > 0) {
              answer.append(StandardCharsets.UTF_8.decode(buffer.flip()));
            }
          } catch (java.io.IOException e) {
            System.out.println("closed: " + e.getMessage());
          }
          System.out.println("answer: " + answer.toString().strip());
        }
      }
      """;

  @TempDir Path dir;
  final List<DaemonProc> started = new ArrayList<>();

  @AfterEach
  void stopDaemons() {
    started.forEach(DaemonProc::close);
  }

  @Test
  void theDaemonsOwnUserIsServed() throws Exception {
    DaemonProc d = start();
    assertThat(probe(d.socket, List.of())).startsWith("answer: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{");
  }

  @Test
  void anotherUserIsHungUpOnEvenThroughALoosenedSocket() throws Exception {
    assumeTrue(Files.isExecutable(SETPRIV), "needs " + SETPRIV + " to run a probe as another user");
    assumeTrue("0".equals(String.valueOf(Files.getAttribute(dir, "unix:uid"))),
        "needs root to run a probe as another user (runs as uid " + Files.getAttribute(dir, "unix:uid") + ")");
    DaemonProc d = start();
    // Open every door the mode would keep shut, so that only the peer check stands in the way.
    for (Path p = d.socket.getParent(); p.startsWith(dir.getParent()) && !p.equals(dir.getParent()); p = p.getParent()) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Files.setPosixFilePermissions(d.socket, PosixFilePermissions.fromString("rw-rw-rw-"));
    Files.setPosixFilePermissions(dir.resolve("Probe.java"), PosixFilePermissions.fromString("rw-r--r--"));

    String stranger = probe(d.socket, List.of(SETPRIV.toString(), "--reuid=" + NOBODY, "--regid=" + NOBODY,
        "--clear-groups"));
    assertThat(stranger).as("what the other user's probe got: no answer at all").endsWith("answer:")
        .doesNotContain("jsonrpc");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!d.stderr().contains("refused a connection from user") && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(d.stderr()).contains("refused a connection from user").contains("only root may use this daemon");
    // The owner is still served.
    assertThat(probe(d.socket, List.of())).startsWith("answer: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{");
  }

  private DaemonProc start() throws IOException {
    Files.writeString(dir.resolve("Probe.java"), PROBE);
    DaemonProc d = DaemonProc.local(dir.resolve("a.db"), dir.resolve("run/hephd.sock"));
    started.add(d);
    return d;
  }

  /** Runs the probe against {@code socket}, prefixed by {@code asUser} (empty: as this process's user); its output. */
  private String probe(Path socket, List<String> asUser) throws Exception {
    List<String> command = new ArrayList<>(asUser);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
        "-Xshare:auto", dir.resolve("Probe.java").toString(), socket.toString()));
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("probe finished: %s", out).isTrue();
    assertThat(p.exitValue()).as("probe %s: %s", command, out).isZero();
    return out.strip();
  }
}
