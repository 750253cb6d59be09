package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person sees when hephd cannot start, or a sync cannot find its hub, on real processes:
 * one line saying what is wrong (usage errors add a pointer at --help, as heph's do), never a
 * usage screen or a stack trace; exit 2 for bad usage, 1 for the rest.
 */
@Timeout(180)
class HephdStartErrorsTest {
  @TempDir Path dir;

  @Test
  void anUnknownOptionIsOneLineWithTheNearestOptionAndAPointerAtHelp() {
    HubProcess.Finished typo = HubProcess.runToExit(dir, List.of("--mode", "local", "--sync-intervall", "5"));
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.out()).isEmpty();
    assertThat(typo.err()).isEqualTo("hephd: unknown option '--sync-intervall'; did you mean '--sync-interval'?\n"
        + "Try 'hephd --help'.\n");

    HubProcess.Finished unknown = HubProcess.runToExit(dir, List.of("--mode", "local", "--frobnicate=3"));
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("hephd: unknown option '--frobnicate'\nTry 'hephd --help'.\n");
  }

  @Test
  void aMissingOrBadValueIsOneLineAndExit2() {
    HubProcess.Finished missing = HubProcess.runToExit(dir, List.of("--mode", "local", "--db"));
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).startsWith("hephd: Missing required parameter for option '--db'")
        .endsWith("\nTry 'hephd --help'.\n");
    assertThat(missing.err().lines()).hasSize(2);

    HubProcess.Finished badMode = HubProcess.runToExit(dir, List.of("--mode", "hub"));
    assertThat(badMode.code()).isEqualTo(2);
    assertThat(badMode.err().lines()).hasSize(2).first().asString().startsWith("hephd: Invalid value for option '--mode'")
        .contains("hub");

    HubProcess.Finished subcommand = HubProcess.runToExit(dir, List.of("token", "create", "alice", "--db",
        dir.resolve("hub.db").toString()));
    assertThat(subcommand.code()).isEqualTo(2);
    assertThat(subcommand.err()).isEqualTo("hephd: Missing required option: '--device=DEVICE'\n"
        + "Try 'hephd token create --help'.\n");
    assertThat(dir.resolve("hub.db")).as("nothing was opened").doesNotExist();
  }

  @Test
  void aHubPortInUseIsSaidAsSuch() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String addr = "127.0.0.1:" + taken.getLocalPort();
      HubProcess.Finished hub = HubProcess.runToExit(dir, List.of("--mode", "server", "--db",
          dir.resolve("hub.db").toString(), "--http-addr", addr, "--auth", "none"));
      assertThat(hub.code()).isEqualTo(1);
      assertThat(hub.err()).isEqualTo("hephd: cannot listen on " + addr + ": address already in use (another hub or"
          + " program listens on port " + taken.getLocalPort() + "; stop it, or give this hub another --http-addr)\n");
      assertThat(hub.out()).doesNotContain("serving");
    }
  }

  @Test
  void aHubAddressWhoseHostDoesNotResolveIsSaidAsSuch() {
    HubProcess.Finished hub = HubProcess.runToExit(dir, List.of("--mode", "server", "--db",
        dir.resolve("hub.db").toString(), "--http-addr", "no-such-host.invalid:7878"));
    assertThat(hub.code()).isEqualTo(1);
    assertThat(hub.err()).isEqualTo("hephd: cannot listen on no-such-host.invalid:7878: unknown host"
        + " 'no-such-host.invalid' (the name does not resolve)\n");
  }

  @Test
  void aSyncToAHubWhoseHostDoesNotResolveIsSaidAsSuch() {
    HephCli.Result sync = new HephCli(dir).on(dir.resolve("a.db"), "sync", "--hub-url",
        "http://no-such-host.invalid:7878").userError();
    assertThat(sync.err()).isEqualTo("heph: cannot reach hub http://no-such-host.invalid:7878: unknown host (the name"
        + " in the URL does not resolve)\n");
  }
}
