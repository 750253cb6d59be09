package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Locations;
import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heph daemon status} asks the daemon serving the database in use ({@code --db},
 * {@code $HEPH_DB}), found through the socket hephd names in {@code DB.hephd.lock}, not only the
 * default socket; a daemon on the default socket serving another database is not taken for it.
 * Real daemons, real sockets, the real CLI.
 */
@Timeout(180)
class DaemonStatusForDbTest {
  @TempDir Path dir;
  private final List<DaemonProc> started = new ArrayList<>();

  @AfterEach
  void stop() {
    started.forEach(DaemonProc::close);
  }

  @Test
  void statusFindsTheDaemonOfTheDatabaseInUseWhateverItsSocket() throws IOException {
    Path runtime = Files.createDirectories(dir.resolve("run"));
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", runtime.toString(), "HOME", dir.toString(),
        "XDG_DATA_HOME", dir.resolve("xdg-data").toString());
    Path defaultSocket = Locations.socket(env);
    Path a = dir.resolve("a.db");
    Path aSocket = dir.resolve("elsewhere/a.sock");
    DaemonProc onA = DaemonProc.local(a, aSocket);
    started.add(onA);
    DaemonProc onB = DaemonProc.localWithDefaultSocket(dir.resolve("b.db"), env);
    started.add(onB);
    assertThat(Files.readString(Path.of(a + ".hephd.lock"), StandardCharsets.UTF_8))
        .isEqualTo(onA.pid() + "\n" + aSocket.toAbsolutePath() + "\n");

    HephCli cli = new HephCli(dir.resolve("cli")).env("XDG_RUNTIME_DIR", runtime.toString());
    HephCli.Result byDb = cli.run("--db", a.toString(), "daemon", "status").ok();
    assertThat(byDb.out()).startsWith("hephd is running (pid " + onA.pid()).contains(a.toAbsolutePath().toString())
        .contains(aSocket.toString());
    cli.env("HEPH_DB", a.toString());
    assertThat(JsonTree.obj(JsonTree.parse(cli.run("daemon", "status", "--json").ok().out())))
        .as("$HEPH_DB selects the database too").containsEntry("pid", onA.pid())
        .containsEntry("socket", aSocket.toAbsolutePath().toString());
    cli.env("HEPH_DB", null);

    assertThat(cli.run("--db", dir.resolve("b.db").toString(), "daemon", "status").ok().out())
        .startsWith("hephd is running (pid " + onB.pid()).contains(defaultSocket.toString());

    Path c = dir.resolve("c.db");
    HephCli.Result none = cli.run("--db", c.toString(), "daemon", "status").ok();
    assertThat(none.out()).as("the daemon on the default socket serves another database")
        .isEqualTo("no daemon is running for " + c.toAbsolutePath() + " (the one on " + defaultSocket + " serves "
            + dir.resolve("b.db").toAbsolutePath() + ")\n");
    assertThat(c).as("asking creates nothing").doesNotExist();

    assertThat(onA.terminate()).isZero();
    HephCli.Result stopped = cli.run("--db", a.toString(), "daemon", "status").ok();
    assertThat(stopped.out()).startsWith("no daemon is running for " + a.toAbsolutePath() + " (");
    assertThat(JsonTree.obj(JsonTree.parse(cli.run("--db", a.toString(), "daemon", "status", "--json").ok().out())))
        .containsEntry("running", false).containsEntry("db", a.toAbsolutePath().toString());

    assertThat(cli.run("daemon", "status", "--socket", defaultSocket.toString(), "--json").ok().out())
        .as("--socket asks that socket, whatever it serves").contains("\"pid\":" + onB.pid());
  }
}
