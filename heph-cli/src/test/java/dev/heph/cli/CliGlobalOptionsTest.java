package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Where the store is ({@code --db}, {@code $HEPH_DB}, the XDG default) and where global options may go. */
@Execution(ExecutionMode.CONCURRENT)
class CliGlobalOptionsTest {
  @TempDir Path dir;

  @Test
  void globalOptionsWorkBeforeAndAfterTheSubcommand() {
    HephCli cli = new HephCli(dir);
    Path db = dir.resolve("global.db");
    String id = cli.run("--db=" + db, "add", "Options anywhere").ok().outLines().getFirst();

    HephCli.Result before = cli.run("--db", db.toString(), "--json", "list").ok();
    HephCli.Result after = cli.run("list", "--db", db.toString(), "--json").ok();
    assertThat(Shapes.ids(before.json())).containsExactly(id);
    assertThat(after.out()).isEqualTo(before.out());
  }

  @Test
  void hephDbIsUsedWithoutDbAndDbWinsOverIt() throws IOException {
    HephCli cli = new HephCli(dir);
    Path fromEnv = dir.resolve("env").resolve("nested").resolve("env.db");
    Files.createDirectories(fromEnv.getParent()); // heph makes no folder for $HEPH_DB (see CliOutputTest)
    cli.env("HEPH_DB", fromEnv.toString());
    cli.run("add", "Via HEPH_DB").ok();
    assertThat(Sqlite.count(fromEnv, "SELECT 1 FROM nodes WHERE title = 'Via HEPH_DB'")).isEqualTo(1);

    Path explicit = dir.resolve("explicit.db");
    cli.run("add", "Via --db", "--db", explicit.toString()).ok();
    assertThat(Sqlite.count(explicit, "SELECT 1 FROM nodes WHERE title = 'Via --db'")).isEqualTo(1);
    assertThat(Sqlite.count(fromEnv, "SELECT 1 FROM nodes")).isEqualTo(1);
    assertThat(cli.home().resolve("xdg-data")).doesNotExist();
  }

  @Test
  void theDefaultStoreIsCreatedUnderXdgDataHomeOnFirstUse() {
    HephCli cli = new HephCli(dir);
    Path xdg = dir.resolve("xdg");
    cli.env("XDG_DATA_HOME", xdg.toString());
    cli.run("add", "Default store").ok();
    Path db = xdg.resolve("heph").resolve("heph.db");
    assertThat(db).isRegularFile();
    assertThat(Sqlite.count(db, "SELECT 1 FROM nodes WHERE title = 'Default store'")).isEqualTo(1);
  }

  @Test
  void withoutXdgDataHomeTheStoreIsUnderTheHomeDirectory() {
    HephCli cli = new HephCli(dir);
    cli.env("XDG_DATA_HOME", null);
    cli.run("add", "Home store").ok();
    Path db = cli.home().resolve(".local").resolve("share").resolve("heph").resolve("heph.db");
    assertThat(db).isRegularFile();
    assertThat(Sqlite.count(db, "SELECT 1 FROM nodes WHERE title = 'Home store'")).isEqualTo(1);
    assertThat(Files.exists(cli.home().resolve("xdg-data"))).isFalse();
  }
}
