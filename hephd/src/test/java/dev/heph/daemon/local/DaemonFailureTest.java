package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.HephException.DaemonFailure;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps a daemon from starting is a daemon failure, named for what it is (not a store
 * failure or bad input): another daemon on the socket, a socket or lock file that cannot be made.
 */
class DaemonFailureTest {
  @TempDir Path dir;

  @Test
  void aLiveSocketIsAnotherDaemon() throws IOException {
    Path socket = dir.resolve("d.sock");
    try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      live.bind(UnixDomainSocketAddress.of(socket));
      assertThatThrownBy(() -> SocketServer.bind(socket, null))
          .isInstanceOfSatisfying(DaemonFailure.class, e -> assertThat(e.kind())
              .isEqualTo(DaemonFailure.Kind.DAEMON_RUNNING))
          .hasMessage("cannot listen on " + socket + ": address already in use by another hephd (stop it, or give this"
              + " one its own --socket PATH)");
    }
  }

  @Test
  void aSocketThatCannotBeMadeIsSocketUnusable() throws IOException {
    Path file = Files.createFile(dir.resolve("plain"));
    assertThatThrownBy(() -> SocketServer.bind(file.resolve("d.sock"), null))
        .isInstanceOfSatisfying(DaemonFailure.class, e -> assertThat(e.code())
            .isEqualTo("socket_unusable"))
        .hasMessageStartingWith("cannot listen on " + file.resolve("d.sock") + ": ");
  }

  @Test
  void aLockFileThatCannotBeMadeIsLockUnusable() throws IOException {
    Path file = Files.createFile(dir.resolve("plain"));
    assertThatThrownBy(() -> DaemonLock.acquire(file.resolve("heph.db")))
        .isInstanceOfSatisfying(DaemonFailure.class, e -> assertThat(e.kind())
            .isEqualTo(DaemonFailure.Kind.LOCK_UNUSABLE))
        .hasMessageStartingWith("cannot take the daemon lock ");
  }
}
