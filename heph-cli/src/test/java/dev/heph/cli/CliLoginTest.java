package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code heph login} and {@code heph logout} on bad input and without a hub: one clear line, and
 * nothing written (no database, no login file). The logins with a hub are hephd's LoginTest and
 * DeviceLoginTest.
 */
@Execution(ExecutionMode.CONCURRENT)
class CliLoginTest {
  /** A hub address where nothing listens. */
  private static final String NO_HUB = "http://127.0.0.1:9";

  @TempDir Path dir;
  HephCli cli;
  Path db;

  @BeforeEach
  void replica() {
    cli = new HephCli(dir);
    db = dir.resolve("r.db");
  }

  @Test
  void badInputIsOneLineAndWritesNothing() {
    cli.on(db, "login").usageError();
    assertThat(cli.on(db, "login", "ftp://hub", "--token", "heph_x").userError().message())
        .isEqualTo("heph: hub URL must be http://HOST:PORT or https://..., got 'ftp://hub'");
    assertThat(cli.on(db, "login", NO_HUB, "--token", "two words").userError().message())
        .isEqualTo("heph: the token holds a character a token cannot have (at position 3); paste it exactly as printed");
    assertThat(cli.on(db, "login", NO_HUB, "--token", "heph_x", "--device", "laptop").userError().message())
        .contains("--device names the device for a login through the browser");
    assertThat(cli.on(db, "login", NO_HUB, "--device", "my laptop").userError().message())
        .isEqualTo("heph: --device must be 1 to 64 letters, digits or ._@- (got 'my laptop')");
    assertThat(cli.on(db, "login", NO_HUB, "--token", "heph_x").userError().message())
        .startsWith("heph: cannot reach hub " + NO_HUB);
    assertThat(cli.on(db, "login", NO_HUB).userError().message()).startsWith("heph: cannot reach hub " + NO_HUB);
    assertThat(db).doesNotExist();
    assertThat(dir.resolve("r.db.login")).doesNotExist();
  }

  @Test
  void logoutWithoutALoginSaysSoAndCreatesNothing() {
    Map<String, Object> out = Json.object(cli.on(db, "logout", "--json").ok().json());
    assertThat(out).containsEntry("removed", false).containsEntry("file", dir.resolve("r.db.login").toString())
        .containsEntry("hub", null);
    assertThat(db).doesNotExist();
  }
}
