package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.op.OpReader;
import dev.heph.testkit.HephCli;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches stdout: human text from other devices cannot drive the terminal (control
 * sequences are shown escaped), JSON stays exact, and a command that fails prints nothing there
 * (never half a JSON array).
 */
class CliOutputSafetyTest {
  private static final String NODE = "01a21222-3f79-79d2-b5df-914e280b28be";
  /** Retitles the window, rings the bell, turns text red, a C1 CSI and a right-to-left override. */
  private static final String HOSTILE = "\u001b]0;owned\u0007Buy \u001b[31mmilk\u009b2J\u202eevil";

  @TempDir Path dir;

  private Path hostileReplica() {
    String h = "001764028800%03d-00000-9f3a6c01d2e4b758";
    List<String> ops = List.of(
        "{\"hlc\":\"" + h.formatted(1) + "\",\"node\":\"" + NODE + "\",\"op\":\"create\",\"value\":\"task\"}",
        "{\"hlc\":\"" + h.formatted(2) + "\",\"node\":\"" + NODE + "\",\"op\":\"set\",\"field\":\"title\",\"value\":"
            + dev.heph.core.op.Json.quote(HOSTILE) + ",\"prev\":[]}",
        "{\"hlc\":\"" + h.formatted(3) + "\",\"node\":\"" + NODE + "\",\"op\":\"set\",\"field\":\"title\",\"value\":"
            + "\"second\",\"prev\":[]}",
        "{\"hlc\":\"" + h.formatted(4) + "\",\"node\":\"" + NODE + "\",\"op\":\"set\",\"field\":\"body\",\"value\":"
            + dev.heph.core.op.Json.quote("line one\n\tline two " + HOSTILE) + ",\"prev\":[]}",
        "{\"hlc\":\"" + h.formatted(5) + "\",\"node\":\"" + NODE + "\",\"op\":\"add\",\"field\":\"tags\",\"value\":"
            + dev.heph.core.op.Json.quote("t\u001b[5m") + "}");
    Path db = dir.resolve("hostile.db");
    try (Heph heph = Heph.open(db)) {
      heph.applyRemote(ops.stream().map(OpReader::parse).toList(), "hub");
    }
    return db;
  }

  @Test
  void controlSequencesFromOtherDevicesAreShownEscaped() {
    Path db = hostileReplica();
    HephCli cli = new HephCli(dir);
    for (List<String> args : List.of(List.of("list"), List.of("show", NODE), List.of("conflicts"), List.of("log", NODE))) {
      String out = cli.on(db, args.toArray(String[]::new)).ok().out();
      assertThat(out).as("heph %s", args).doesNotContain("\u001b", "\u0007", "\u009b", "\u202e");
    }
    String show = cli.on(db, "show", NODE).ok().out();
    // The body keeps its layout; the escapes are visible.
    assertThat(show).contains("line one\n\tline two ").contains("\\x1b]0;owned\\x07").contains("\\u202e");
  }

  @Test
  void jsonKeepsHostileTextExact() {
    Path db = hostileReplica();
    HephCli cli = new HephCli(dir);
    @SuppressWarnings("unchecked")
    Map<String, Object> node = (Map<String, Object>) cli.on(db, "show", "--json", NODE).ok().json();
    assertThat(node.get("title")).isEqualTo("second"); // the later of two concurrent titles
    assertThat(node.get("conflicts")).isEqualTo(List.of("title"));
    assertThat((String) node.get("body")).endsWith(HOSTILE);
    assertThat(node.get("tags")).isEqualTo(List.of("t\u001b[5m"));
  }

  @Test
  void aFailedCommandPrintsNothingOnStdout() {
    HephCli cli = new HephCli(dir);
    Path db = dir.resolve("x.db");
    cli.on(db, "add", "one").ok();
    // A bad filter is found after the listing has begun.
    cli.on(db, "list", "--json", "--kind", "bogus").userError();
    cli.on(db, "list", "--json", "--status", "bogus").userError();
  }

  @Test
  void aDamagedDatabaseFailsWholeNotHalfWay() throws IOException {
    Path db = dir.resolve("big.db");
    try (Heph heph = Heph.open(db)) {
      for (int i = 0; i < 3000; i++) {
        heph.add(new dev.heph.core.NewNode("task", "task number " + i + " " + "x".repeat(200), null, List.of(), null,
            null, null));
      }
    }
    long pageSize = 4096;
    long pages = Files.size(db) / pageSize;
    // Overwrite pages near the end of the file: the listing reads many rows (well over any
    // output buffer) before it reaches them.
    try (RandomAccessFile f = new RandomAccessFile(db.toFile(), "rw")) {
      byte[] garbage = new byte[(int) pageSize];
      java.util.Arrays.fill(garbage, (byte) 0x5a);
      for (long p = pages * 3 / 4; p < pages * 3 / 4 + 8; p++) {
        f.seek(p * pageSize);
        f.write(garbage);
      }
    }
    HephCli cli = new HephCli(dir);
    List<HephCli.Result> results = new ArrayList<>();
    results.add(cli.on(db, "list", "--json"));
    results.add(cli.on(db, "list"));
    for (HephCli.Result r : results) {
      assertThat(r.code()).as("exit of heph %s; stderr %s", r.args(), r.err()).isEqualTo(1);
      assertThat(r.out()).as("stdout of heph %s", r.args()).isEmpty();
    }
  }
}
