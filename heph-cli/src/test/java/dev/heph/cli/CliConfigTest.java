package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.HephException;
import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional config file: where it is, what each key does, flag &gt; env &gt; config &gt; default,
 * and a bad line as one error naming the file and the line.
 */
class CliConfigTest {
  @TempDir Path dir;

  private HephCli cli() {
    return new HephCli(dir);
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  @Test
  void dbFromTheConfigFileYieldsToTheEnvironmentAndTheFlag() throws IOException {
    HephCli cli = cli();
    write(cli.home().resolve(".config/heph/config"), "# my heph\n\ndb = ~/tasks.db\n");
    cli.run("add", "From config").ok();
    assertThat(cli.home().resolve("tasks.db")).isRegularFile();
    assertThat(cli.home().resolve("xdg-data/heph/heph.db")).doesNotExist();

    Path env = dir.resolve("env.db");
    cli.on(env, "add", "From env").ok();
    cli.env("HEPH_DB", env.toString());
    assertThat(cli.run("list").ok().out()).contains("From env").doesNotContain("From config");
    Path flag = dir.resolve("flag.db");
    cli.on(flag, "add", "From flag").ok();
    assertThat(cli.on(flag, "list").ok().out()).contains("From flag").doesNotContain("From env");
    cli.env("HEPH_DB", null);
    assertThat(cli.run("list").ok().out()).contains("From config");
  }

  @Test
  void xdgConfigHomeIsWhereTheFileIsAndItsDbFolderMustExist() throws IOException {
    HephCli cli = cli();
    Path xdg = dir.resolve("xdg-config");
    Path config = write(xdg.resolve("heph/config"), "db = " + dir.resolve("missing/heph.db") + "\n");
    cli.env("XDG_CONFIG_HOME", xdg.toString());
    assertThat(cli.run("list").userError().message()).isEqualTo("heph: cannot use " + dir.resolve("missing/heph.db")
        + " (db in " + config + ") as the database: the folder " + dir.resolve("missing")
        + " does not exist; create it first, or check the path");
  }

  @Test
  void reportIsWhatHephAloneRuns() throws IOException {
    HephCli cli = cli();
    Path db = dir.resolve("report.db");
    cli.on(db, "add", "Write report", "--tag", "work").ok();
    cli.on(db, "add", "Water plants", "--tag", "home").ok();
    write(cli.home().resolve(".config/heph/config"), "report = list --tag work\n");
    assertThat(cli.run("--db", db.toString()).ok().out()).contains("Write report").doesNotContain("Water plants");
    assertThat(cli.run("--db", db.toString(), "--json").ok().out())
        .isEqualTo(cli.on(db, "list", "--tag", "work", "--json").ok().out());
  }

  @Test
  void hubUrlIsUsedWhenTheDatabaseKnowsNoHub() throws IOException {
    HephCli cli = cli();
    Path db = dir.resolve("hub.db");
    cli.on(db, "add", "x").ok();
    assertThat(cli.on(db, "sync").userError().message()).startsWith("heph: no hub URL known for this database");
    write(cli.home().resolve(".config/heph/config"), "hub.url = http://127.0.0.1:1\n");
    assertThat(cli.on(db, "sync").userError().message()).startsWith("heph: cannot reach hub http://127.0.0.1:1:");
  }

  @Test
  void aBadLineIsAnErrorNamingTheFileAndLineAndNothingIsCreated() throws IOException {
    HephCli cli = cli();
    Path config = cli.home().resolve(".config/heph/config");
    String[][] cases = {
        {"db = x.db\njust words\n", ":2: expected 'key = value', got 'just words'"},
        {"colour = never\n", ":1: unknown key 'colour'; did you mean 'color'?"},
        {"\n\nfrobs = 3\n", ":3: unknown key 'frobs' (keys: db, report, color, hub.url)"},
        {"color = sometimes\n", ":1: bad color 'sometimes': use auto, always or never"},
        {"report = lisst\n", ":1: bad report 'lisst': name a heph command and its options, e.g. list --tag work"},
        {"db =\n", ":1: db has no value"},
        {"db = a.db\ndb = b.db\n", ":2: db is set twice"},
    };
    for (String[] c : cases) {
      write(config, c[0]);
      assertThat(cli.run("list").userError().message()).isEqualTo("heph: " + config + c[1]);
    }
    assertThat(cli.home().resolve("xdg-data")).doesNotExist();
    // a command given --db that prints no table (so needs no colour setting) does not read the file;
    // a table asks for the colour, and the bad file is then said as above
    assertThat(cli.on(dir.resolve("ok.db"), "list", "--json").ok().out()).isEqualTo("[]\n");
    assertThat(cli.on(dir.resolve("ok.db"), "list").userError().message()).isEqualTo("heph: " + config + ":2: db is set twice");
  }

  @Test
  void colourIsTheFlagElseNoColorElseTheFileElseAuto() {
    Config none = Config.parse(Path.of("config"), "", null);
    Config never = Config.parse(Path.of("config"), "color = never\n", null);
    Config always = Config.parse(Path.of("config"), "color = ALWAYS\n", null);
    assertThat(none.color(Map.of())).isEqualTo(Config.Color.AUTO);
    assertThat(never.color(Map.of())).isEqualTo(Config.Color.NEVER);
    assertThat(always.color(Map.of())).isEqualTo(Config.Color.ALWAYS);
    assertThat(always.color(Map.of("NO_COLOR", "1"))).isEqualTo(Config.Color.NEVER);
    assertThat(always.color(Map.of("NO_COLOR", ""))).as("NO_COLOR set but empty does not count").isEqualTo(Config.Color.ALWAYS);
    assertThat(Config.colorSetting("always")).isEqualTo(Config.Color.ALWAYS);
    assertThatThrownBy(() -> Config.colorSetting("blue")).isInstanceOf(HephException.InvalidInput.class)
        .hasMessage("--color must be auto, always or never, not 'blue'");
  }
}
