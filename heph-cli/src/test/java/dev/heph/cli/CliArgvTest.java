package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.Heph;
import dev.heph.core.Node;
import dev.heph.core.NodeFilter;
import dev.heph.testkit.HephCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Arguments are text as typed, in UTF-8, whatever the locale: the JVM alone would store U+FFFD for
 * every non-ASCII character under the C locale, and for bytes that are not UTF-8 under any.
 * Such bytes are refused (exit 1, one line), and nothing is stored.
 */
class CliArgvTest {
  @TempDir Path dir;

  private List<String> titles(Path db) {
    try (Heph heph = Heph.open(db)) {
      return heph.list(new NodeFilter(true, null, null, null)).stream().map(Node::title).toList();
    }
  }

  private static List<byte[]> args(Path db, byte[] title) {
    return List.of("--db".getBytes(StandardCharsets.UTF_8), db.toString().getBytes(StandardCharsets.UTF_8),
        "add".getBytes(StandardCharsets.UTF_8), title);
  }

  @Test
  void aUtf8TitleIsStoredExactlyEvenUnderTheCLocale() {
    String title = "Gr\u00fc\u00dfe \u6771\u4eac \uD83D\uDE80 e\u0301 \uFFFD";
    for (String locale : List.of("C", "C.UTF-8")) {
      Path db = dir.resolve(locale + ".db");
      new HephCli(dir).env("LC_ALL", locale).runBytes(args(db, title.getBytes(StandardCharsets.UTF_8))).ok();
      assertThat(titles(db)).as(locale).containsExactly(title);
    }
  }

  @Test
  void anArgumentThatIsNotUtf8IsRefusedAndNothingIsStored() {
    for (String locale : List.of("C", "C.UTF-8")) {
      Path db = dir.resolve("bad-" + locale + ".db");
      new HephCli(dir).env("LC_ALL", locale).runBytes(args(db, "seed".getBytes(StandardCharsets.UTF_8))).ok();
      for (String hex : List.of("41C0AF", "41EDA080", "41FF", "41E282")) {
        HephCli.Result r = new HephCli(dir).env("LC_ALL", locale).runBytes(args(db, HexFormat.of().parseHex(hex))).userError();
        assertThat(r.message()).as(locale + " " + hex).startsWith("heph: argument 4 is not valid UTF-8 (")
            .contains(" at byte 1); heph takes text in UTF-8 only");
      }
      assertThat(titles(db)).as(locale).containsExactly("seed");
    }
  }
}
