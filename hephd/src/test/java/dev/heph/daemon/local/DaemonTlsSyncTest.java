package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.Sqlite;
import dev.heph.testkit.TestCertificates;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local-mode daemon syncs in the background with an HTTPS hub whose private CA it was given
 * with {@code --ca-file}; one without it reports {@code tls_failed} and sends nothing.
 */
@Timeout(120)
class DaemonTlsSyncTest {
  @TempDir Path dir; // short: a unix socket's path has room for 107 bytes
  final List<DaemonProc> started = new ArrayList<>();

  @AfterEach
  void stopDaemons() {
    started.forEach(DaemonProc::close);
  }

  @Test
  void aDaemonGivenTheHubsCaSyncsOverHttpsAndOneWithoutItSaysWhyNot() {
    TestCertificates ca = TestCertificates.newCa(dir, "heph");
    TestCertificates.Pair pair = ca.server("hub", "IP:127.0.0.1", "EC");
    DaemonProc hub = started(DaemonProc.server(dir.resolve("hub.db"), "--tls-cert", pair.cert().toString(),
        "--tls-key", pair.key().toString()));
    assertThat(hub.url()).startsWith("https://");

    DaemonProc trusting = started(DaemonProc.local(dir.resolve("a.db"), dir.resolve("sa/hephd.sock"), "--hub-url",
        hub.url(), "--ca-file", ca.caCert.toString()));
    try (RpcConn rpc = trusting.connect()) {
      rpc.node("node.create", "title", "Over TLS from the daemon");
      rpc.result("sync.now"); // (the background sync may have pushed it already)
      assertThat(JsonTree.obj(rpc.result("sync.status"))).containsEntry("last_error", null);
    }
    long onHub = Sqlite.opCount(hub.db);
    assertThat(onHub).isPositive();

    DaemonProc untrusting = started(DaemonProc.local(dir.resolve("b.db"), dir.resolve("sb/hephd.sock"), "--hub-url",
        hub.url()));
    try (RpcConn rpc = untrusting.connect()) {
      rpc.node("node.create", "title", "Stays on B");
      Map<String, Object> error = rpc.error("sync.now");
      assertThat(RpcConn.dataCode(error)).isEqualTo("tls_failed");
      assertThat((String) error.get("message")).contains("no secure connection to hub " + hub.url())
          .contains("not signed by a CA this device trusts");
    }
    assertThat(Sqlite.opCount(hub.db)).isEqualTo(onHub);
  }

  private DaemonProc started(DaemonProc d) {
    started.add(d);
    return d;
  }
}
