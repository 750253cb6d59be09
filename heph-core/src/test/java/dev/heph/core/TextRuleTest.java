package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.op.Field;
import dev.heph.core.op.Json;
import dev.heph.core.op.Op;
import dev.heph.core.op.OpReader;
import dev.heph.core.op.OpWriter;
import dev.heph.core.op.Value;
import dev.heph.core.store.StoreDump;
import dev.heph.testkit.RandomText;
import dev.heph.testkit.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one rule for text, through the facade and a real SQLite file: text that is not valid
 * Unicode is refused with an error naming the field before anything is stored, and every valid
 * text (every scalar value, U+0000 included) is stored and read back exactly, byte for byte.
 */
class TextRuleTest {
  private static final String LONE = "ab\uD800cd";

  @TempDir Path dir;
  TestClock clock;
  Heph heph;

  @BeforeEach
  void open() {
    clock = new TestClock(1_780_000_000_000L);
    heph = Heph.open(dir.resolve("heph.db"), new Heph.Options(clock, Duration.ofMinutes(5)));
  }

  @AfterEach
  void close() {
    heph.close();
  }

  @Test
  void everyTextInputRefusesAnUnpairedSurrogateNamingTheFieldAndStoresNothing() {
    Node a = heph.add(new NewNode("task", "a", "body", List.of("home"), null, null, null));
    Node b = heph.add(NewNode.task("b"));
    heph.link(a.id(), b.id(), "blocks");
    String before = StoreDump.canonical(heph.store());

    refused(() -> heph.add(NewNode.task(LONE)), "title");
    refused(() -> heph.add(new NewNode("note", "ok", LONE, List.of(), null, null, null)), "body");
    refused(() -> heph.add(new NewNode("task", "ok", null, List.of("x", "t\uDC00"), null, null, null)), "tag");
    refused(() -> heph.update(a.id(), new Changes(LONE, null, null, null, null, null, null)), "title");
    refused(() -> heph.update(a.id(), new Changes(null, LONE, null, null, null, null, null)), "body");
    refused(() -> heph.update(a.id(), new Changes(null, null, null, null, null, List.of(LONE), null)), "tag");
    refused(() -> heph.update(a.id(), new Changes(null, null, null, null, null, null, List.of(LONE))), "tag");
    refused(() -> heph.link(a.id(), b.id(), LONE), "link type");
    refused(() -> heph.unlink(a.id(), b.id(), LONE), "link type");
    refused(() -> heph.search(LONE), "search");
    refused(() -> heph.list(new NodeFilter(true, null, null, LONE)), "tag");

    assertThat(StoreDump.canonical(heph.store())).as("nothing stored or changed").isEqualTo(before);
  }

  private static void refused(ThrowingCallable call, String field) {
    assertThatThrownBy(call).isInstanceOf(HephException.InvalidInput.class)
        .hasMessageStartingWith(field + ": text is not valid Unicode (unpaired surrogate U+D");
  }

  @Test
  void theErrorSaysWhereTheSurrogateIs() {
    assertThatThrownBy(() -> heph.add(NewNode.task(LONE))).hasMessage(
        "title: text is not valid Unicode (unpaired surrogate U+D800 at char 2)");
  }

  @Test
  void aConflictCannotBeResolvedToTextThatIsNotUnicode() {
    Node n = heph.add(NewNode.task("x"));
    Op.Set other = new Op.Set(new dev.heph.core.clock.Hlc(clock.millis(), 0, "00000000000000ff"), n.id(), Field.BODY,
        Value.text("theirs"), List.of());
    heph.update(n.id(), new Changes(null, "mine", null, null, null, null, null));
    heph.applyRemote(List.of(other), null);
    assertThat(heph.conflicts()).hasSize(1);
    String before = StoreDump.canonical(heph.store());
    refused(() -> heph.resolve(n.id(), "body", LONE, null), "body");
    assertThat(StoreDump.canonical(heph.store())).isEqualTo(before);
  }

  /**
   * Random valid texts of every kind (astral-plane characters, combining marks, U+FFFD, U+0000
   * and other controls, noncharacters) go in through the facade and come back exactly: from the
   * node, from its JSON, from the op log; and SQLite holds exactly their UTF-8 bytes.
   */
  @Test
  void everyValidTextIsStoredAndReadBackByteForByte() throws java.io.IOException {
    Random random = new Random(9_2026_1128L);
    for (int i = 0; i < 300; i++) {
      String title = RandomText.valid(random, 40, true);
      String body = RandomText.valid(random, 400, false);
      String tag = RandomText.valid(random, 12, true).codePoints()
          .filter(c -> !Character.isWhitespace(c) && c != ',' && c != '+')
          .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
      Node n = heph.add(new NewNode("note", title, body, tag.isEmpty() ? List.of() : List.of(tag), null, null, null));
      clock.advance(1);
      Node back = heph.get(n.id());
      assertThat(back.title()).isEqualTo(title.strip());
      assertThat(back.body()).isEqualTo(body.isEmpty() ? null : body);
      assertThat(back.tags()).isEqualTo(tag.isEmpty() ? List.of() : List.of(tag));

      java.util.Map<String, String> json = topLevelStrings(heph.json(n.id()));
      assertThat(json.get("title")).isEqualTo(title.strip());
      assertThat(json.get("body")).isEqualTo(body.isEmpty() ? null : body);

      List<String> stored = StoreDump.rows(heph.store(), "SELECT hex(title), hex(body) FROM nodes WHERE id = ?",
          n.id()).getFirst();
      assertThat(stored.get(0)).isEqualTo(hex(title.strip()));
      assertThat(stored.get(1)).isEqualTo(hex(body)); // hex(NULL) is empty, as is an empty body's
    }
    // The op log: each body is the canonical JSON of the op it parses to, stored as exactly its UTF-8 bytes.
    List<List<String>> ops = StoreDump.rows(heph.store(), "SELECT body, hex(body) FROM ops");
    assertThat(ops).hasSizeGreaterThan(600);
    for (List<String> op : ops) {
      assertThat(OpWriter.toJson(OpReader.parse(op.get(0)))).isEqualTo(op.get(0));
      assertThat(op.get(1)).isEqualTo(hex(op.get(0)));
    }
    StoreDump.checkSearchIndex(heph.store());
  }

  /**
   * Search takes any valid text. U+0000 ended SQLite's reading of the search expression, which
   * failed as a database error; like the index, search now takes it for a word break.
   */
  @Test
  void searchTakesAnyValidTextAndANulBreaksWords() {
    Node n = heph.add(new NewNode("note", "caf\u00e9 na\u0000me \uD83D\uDE00", "ok", List.of(), null, null, null));
    assertThat(heph.search("caf\u00e9")).extracting(Node::id).containsExactly(n.id());
    assertThat(heph.search("na\u0000me")).extracting(Node::id).containsExactly(n.id());
    assertThat(heph.search("me\u0000na")).extracting(Node::id).containsExactly(n.id());
    assertThat(heph.search("\u0000x")).isEmpty();
    assertThatThrownBy(() -> heph.search("\u0000")).isInstanceOf(HephException.InvalidInput.class)
        .hasMessageContaining("at least one word");
  }

  /** The string members of a JSON object (others skipped). */
  private static java.util.Map<String, String> topLevelStrings(String json) throws java.io.IOException {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    try (var p = Json.FACTORY.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
        String key = p.currentName();
        if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
          out.put(key, p.getText());
        } else {
          p.skipChildren();
        }
      }
    }
    return out;
  }

  private static String hex(String s) {
    return HexFormat.of().withUpperCase().formatHex(s.getBytes(StandardCharsets.UTF_8));
  }
}
