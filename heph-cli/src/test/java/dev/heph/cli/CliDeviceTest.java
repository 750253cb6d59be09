package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import dev.heph.testkit.Json;
import dev.heph.testkit.Sqlite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heph device} and {@code heph device name}: each replica names devices for itself, and
 * {@code log} and {@code conflicts} show those names. Naming writes no op: nothing syncs.
 */
class CliDeviceTest {
  private static final String PHONE = "b0b0b0b0b0b0b0b0";

  @TempDir Path dir;

  /** Two replicas, a (this device) and b (origin PHONE), with a conflicting title on a. */
  private record Pair(HephCli cli, Path a, Path b, String id) {}

  private Pair conflictingPair() throws IOException {
    HephCli cli = new HephCli(dir);
    Path a = dir.resolve("a.db");
    Path b = dir.resolve("b.db");
    String id = cli.on(a, "add", "Shared").ok().outLines().getFirst();
    Files.copy(a, b);
    Sqlite.exec(b, "UPDATE meta SET value = '" + PHONE + "' WHERE key = 'origin'");
    cli.on(a, "edit", id, "--title", "From laptop").ok();
    cli.on(b, "edit", id, "--title", "From phone").ok();
    Db.merge(b, a);
    return new Pair(cli, a, b, id);
  }

  @Test
  void deviceShowsThisDeviceAndEveryDeviceWithChanges() throws IOException {
    Pair p = conflictingPair();
    String self = (String) Json.object(p.cli().on(p.a(), "device", "--json").ok().json()).get("origin");
    assertThat(self).matches("[0-9a-f]{16}").isNotEqualTo(PHONE);

    List<String> lines = p.cli().on(p.a(), "device").ok().outLines();
    assertThat(lines.getFirst()).isEqualTo("this device: " + self + " (no name; heph device name NAME gives it one)");
    assertThat(lines.get(1)).startsWith("* " + self + "  -  4 changes, last ");
    // the change was made a moment ago: "just now" within the second, "Ns ago" (or minutes, under load) after it
    assertThat(lines.get(2)).startsWith("  " + PHONE + "  -  1 change, last ").matches(".*\\((just now|\\d+[sm] ago)\\)");
  }

  @Test
  void namesShowInLogAndConflictsAndWriteNoOp() throws IOException {
    Pair p = conflictingPair();
    HephCli cli = p.cli();
    String ops = Db.opsDump(p.a());

    assertThat(cli.on(p.a(), "device", "name", "laptop").ok().out()).endsWith(" is now named laptop\n");
    assertThat(cli.on(p.a(), "device", "name", "b0b0b0", "  my phone ").ok().out())
        .isEqualTo("device " + PHONE + " is now named my phone\n");
    assertThat(Db.opsDump(p.a())).as("naming is local: no op").isEqualTo(ops);

    Map<String, Object> json = Json.object(cli.on(p.a(), "device", "--json").ok().json());
    assertThat(json).containsEntry("name", "laptop");
    assertThat(Json.objects(json.get("devices"))).extracting(d -> d.get("name")).containsExactly("laptop", "my phone");

    assertThat(cli.on(p.a(), "log", p.id()).ok().outLines())
        .anyMatch(l -> l.endsWith("  device my phone  set title = \"From phone\""))
        .anyMatch(l -> l.endsWith("  this device  set title = \"From laptop\""));
    String conflicts = cli.on(p.a(), "conflicts").ok().out();
    assertThat(conflicts).containsPattern(
        "\"From phone\"  \\(device my phone, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d, (just now|\\d+s ago)\\)");
    assertThat(conflicts).containsPattern(
        "\"From laptop\"  \\(this device, \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d, (just now|\\d+s ago)\\)");
    // --json keeps origin ids and ISO-8601 UTC instants
    Map<String, Object> value = Json.objects(Json.objects(cli.on(p.a(), "conflicts", "--json").ok().json())
        .getFirst().get("values")).stream().filter(v -> v.get("origin").equals(PHONE)).findFirst().orElseThrow();
    assertThat((String) value.get("at")).endsWith("Z");

    // The other replica has its own names: none yet.
    assertThat(cli.on(p.b(), "log", p.id()).ok().out()).doesNotContain("laptop", "my phone");

    // Renaming replaces the name.
    cli.on(p.a(), "device", "name", PHONE, "tablet").ok();
    assertThat(cli.on(p.a(), "log", p.id()).ok().out()).contains("device tablet").doesNotContain("my phone");
  }

  @Test
  void badNamesAndUnknownDevicesAreRefusedAndChangeNothing() throws IOException {
    Pair p = conflictingPair();
    HephCli cli = p.cli();
    assertThat(Db.unchanged(p.a(), () -> cli.on(p.a(), "device", "name", "   ")).userError().message())
        .isEqualTo("heph: bad device name '   ': use one line of text, e.g. laptop");
    assertThat(Db.unchanged(p.a(), () -> cli.on(p.a(), "device", "name", "ffff", "x")).userError().message())
        .isEqualTo("heph: no device 'ffff' among those this replica has changes from (see heph device); a device id is"
            + " 16 hex digits");
    assertThat(Db.unchanged(p.a(), () -> cli.on(p.a(), "device", "name", "x".repeat(65))).userError().message())
        .isEqualTo("heph: device name is 65 characters long; at most 64 are allowed");
    cli.on(p.a(), "device", "name", "a1a1a1a1a1a1a1a1", "one").ok(); // a full id may name a device not seen yet
    cli.on(p.a(), "device", "name", "a1a1a1a1a1a1a1a2", "two").ok();
    assertThat(Db.unchanged(p.a(), () -> cli.on(p.a(), "device", "name", "a1a1", "x")).userError().message())
        .isEqualTo("heph: device 'a1a1' is ambiguous; it matches a1a1a1a1a1a1a1a1, a1a1a1a1a1a1a1a2");
    assertThat(cli.on(p.a(), "device", "name", "a", "b", "c").usageError().message()).startsWith("heph: ");
  }
}
