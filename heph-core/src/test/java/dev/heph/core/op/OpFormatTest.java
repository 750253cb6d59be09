package dev.heph.core.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import dev.heph.core.HephException;
import dev.heph.core.clock.Hlc;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The strict JSON op format (docs/design.md "Data model"): every op kind round-trips, and anything off
 * the documented shapes is refused with {@link HephException.InvalidOp} naming the op and the
 * reason.
 */
class OpFormatTest {

  static final String HLC = "001764028800123-00007-9f3a6c01d2e4b758";
  static final String PREV = "001764028700000-00002-0123456789abcdef";
  static final String NODE = "0193a2b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b";
  static final String OTHER = "0193a2b4-c5d6-7e8f-9a0b-ffffffffffff";
  static final Hlc H = Hlc.parse(HLC);
  static final Hlc P = Hlc.parse(PREV);

  static Stream<Op> everyKindOfOp() {
    return Stream.of(
        new Op.Create(H, NODE, "task"),
        new Op.Create(H, NODE, "note"),
        new Op.Set(H, NODE, Field.TITLE, Value.text("Buy milk"), List.of()),
        new Op.Set(H, NODE, Field.TITLE, Value.text("quotes \" backslash \\ newline \n tab \t unicode é ☃ \u0001"),
            List.of(P)),
        new Op.Set(H, NODE, Field.BODY, Value.NULL, List.of(P, H)),
        new Op.Set(H, NODE, Field.STATUS, Value.text("doing"), List.of(P)),
        new Op.Set(H, NODE, Field.STATUS, Value.NULL, List.of()),
        new Op.Set(H, NODE, Field.PRIORITY, Value.text("H"), List.of()),
        new Op.Set(H, NODE, Field.DUE, Value.text("2026-12-01"), List.of()),
        new Op.Set(H, NODE, Field.RECUR, Value.text("weekly"), List.of()),
        new Op.Set(H, NODE, Field.PARENT, Value.text(OTHER), List.of()),
        new Op.Set(H, NODE, Field.DELETED, new Value.Flag(true), List.of(P)),
        new Op.Set(H, NODE, Field.DELETED, new Value.Flag(false), List.of()),
        new Op.Add(H, NODE, Field.TAGS, Value.text("home")),
        new Op.Add(H, NODE, Field.LINKS, new Value.Link("blocks", OTHER)),
        new Op.Remove(H, NODE, Field.TAGS, Value.text("home"), List.of(P)),
        new Op.Remove(H, NODE, Field.LINKS, new Value.Link("blocks", OTHER), List.of(P, H)),
        // the task fields of issue 13
        new Op.Set(H, NODE, Field.DUE, Value.text("2026-12-01T09:30:00Z"), List.of(P)),
        new Op.Set(H, NODE, Field.PROJECT, Value.text("Home.Garden"), List.of()),
        new Op.Set(H, NODE, Field.PROJECT, Value.NULL, List.of(P)),
        new Op.Set(H, NODE, Field.SCHEDULED, Value.text("2026-11-30"), List.of()),
        new Op.Set(H, NODE, Field.WAIT, Value.text("2026-11-29T23:00:00Z"), List.of()),
        new Op.Set(H, NODE, Field.UNTIL, Value.text("2027-01-01"), List.of()),
        new Op.Set(H, NODE, Field.START, Value.text("2026-11-28T06:00:00Z"), List.of(P)),
        new Op.Add(H, NODE, Field.ANNOTATIONS, new Value.Annotation("2026-11-28T06:00:00Z", "called \"Bob\"\n☃")),
        new Op.Remove(H, NODE, Field.ANNOTATIONS, new Value.Annotation("2026-11-28T06:00:00Z", "x"), List.of(P)),
        new Op.Add(H, NODE, Field.UDAS, new Value.Uda("estimate", "3h")),
        new Op.Add(H, NODE, Field.LINKS, new Value.Link("depends", OTHER)),
        new Op.Remove(H, NODE, Field.UDAS, new Value.Uda("size", "large box"), List.of(P, H)));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("everyKindOfOp")
  void roundTrips(Op op) {
    String json = OpWriter.toJson(op);
    Op back = OpReader.parse(json);
    assertThat(back).isEqualTo(op);
    assertThat(OpWriter.toJson(back)).isEqualTo(json);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("everyKindOfOp")
  void roundTripsInAnArrayAndWithKeysInAnyOrder(Op op) throws IOException {
    String json = OpWriter.toJson(op);
    assertThat(readArray("[" + json + "," + json + "]")).containsExactly(op, op);
    // Reversed key order parses to the same op (keys are named, not positional).
    String reversed = reverseKeys(json);
    assertThat(reversed).isNotEqualTo(json);
    assertThat(OpReader.parse(reversed)).isEqualTo(op);
  }

  @Test
  void canonicalTextsMatchTheDesign() {
    assertThat(OpWriter.toJson(new Op.Create(H, NODE, "task")))
        .isEqualTo("{\"hlc\":\"" + HLC + "\",\"node\":\"" + NODE + "\",\"op\":\"create\",\"value\":\"task\"}");
    assertThat(OpWriter.toJson(new Op.Set(H, NODE, Field.TITLE, Value.text("Buy milk"), List.of(P))))
        .isEqualTo("{\"hlc\":\"" + HLC + "\",\"node\":\"" + NODE
            + "\",\"op\":\"set\",\"field\":\"title\",\"value\":\"Buy milk\",\"prev\":[\"" + PREV + "\"]}");
    assertThat(OpWriter.toJson(new Op.Add(H, NODE, Field.LINKS, new Value.Link("blocks", OTHER))))
        .isEqualTo("{\"hlc\":\"" + HLC + "\",\"node\":\"" + NODE
            + "\",\"op\":\"add\",\"field\":\"links\",\"value\":{\"type\":\"blocks\",\"to\":\"" + OTHER + "\"}}");
  }

  @Test
  void annotationsAndUdasHaveTheDocumentedCanonicalTexts() {
    // entry first: the annotations column, sorted by canonical text, is sorted by entry.
    assertThat(new Value.Annotation("2026-11-28T06:00:00Z", "x").json())
        .isEqualTo("{\"entry\":\"2026-11-28T06:00:00Z\",\"text\":\"x\"}");
    assertThat(new Value.Uda("estimate", "3h").json()).isEqualTo("{\"key\":\"estimate\",\"value\":\"3h\"}");
    // Keys in another order read to the same value.
    assertThat(OpReader.parseValue("{\"text\":\"x\",\"entry\":\"2026-11-28T06:00:00Z\"}"))
        .isEqualTo(new Value.Annotation("2026-11-28T06:00:00Z", "x"));
  }

  @Test
  void valueTextsAreCanonical() {
    for (Value v : List.of(Value.NULL, Value.text("a \"b\" \\ \n\u0007"), new Value.Flag(true),
        new Value.Link("related", OTHER), new Value.Annotation("2026-11-28T06:00:00Z", "a \"b\""),
        new Value.Uda("k", "v \\"))) {
      assertThat(OpReader.parseValue(v.json())).isEqualTo(v);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Strictness

  private static final String SET = "{\"hlc\":\"" + HLC + "\",\"node\":\"" + NODE
      + "\",\"op\":\"set\",\"field\":\"title\",\"value\":\"x\",\"prev\":[]}";

  /** A bad op text, and what the error message must say besides naming the op. */
  static Stream<Arguments> badOps() {
    String n = "\"node\":\"" + NODE + "\"";
    String h = "\"hlc\":\"" + HLC + "\"";
    return Stream.of(
        // unknown and misplaced keys
        bad(SET.replace("}", ",\"extra\":1}"), "unknown key 'extra'"),
        bad("{" + h + "," + n + ",\"op\":\"create\",\"field\":\"title\",\"value\":\"task\"}", "'field'"),
        bad("{" + h + "," + n + ",\"op\":\"create\",\"value\":\"task\",\"prev\":[]}", "'prev'"),
        bad("{" + h + "," + n + ",\"op\":\"add\",\"field\":\"tags\",\"value\":\"x\",\"prev\":[]}", "'prev'"),
        // missing keys
        bad("{" + n + ",\"op\":\"create\",\"value\":\"task\"}", "missing key 'hlc'"),
        bad("{" + h + ",\"op\":\"create\",\"value\":\"task\"}", "missing key 'node'"),
        bad("{" + h + "," + n + ",\"value\":\"task\"}", "missing key 'op'"),
        bad("{" + h + "," + n + ",\"op\":\"create\"}", "missing key 'value'"),
        bad("{" + h + "," + n + ",\"op\":\"set\",\"value\":\"x\",\"prev\":[]}", "missing key 'field'"),
        bad("{" + h + "," + n + ",\"op\":\"set\",\"field\":\"title\",\"prev\":[]}", "missing key 'value'"),
        bad("{" + h + "," + n + ",\"op\":\"set\",\"field\":\"title\",\"value\":\"x\"}", "missing key 'prev'"),
        bad("{" + h + "," + n + ",\"op\":\"add\",\"value\":\"x\"}", "missing key 'field'"),
        bad("{" + h + "," + n + ",\"op\":\"add\",\"field\":\"tags\"}", "missing key 'value'"),
        bad("{" + h + "," + n + ",\"op\":\"remove\",\"field\":\"tags\",\"value\":\"x\"}", "missing key 'prev'"),
        bad("{" + h + "," + n + ",\"op\":\"remove\",\"value\":\"x\",\"prev\":[]}", "missing key 'field'"),
        // bad identities
        bad(SET.replace(HLC, "001764028800123-00007-9F3A6C01D2E4B758"), "bad hlc"),
        bad(SET.replace(HLC, "2026-01-01T00:00:00Z"), "bad hlc"),
        bad(SET.replace(NODE, "0193A2B4-C5D6-7E8F-9A0B-1C2D3E4F5A6B"), "bad node id"),
        bad(SET.replace(NODE, "not-a-uuid"), "bad node id"),
        bad(SET.replace("\"prev\":[]", "\"prev\":[\"yesterday\"]"), "bad hlc 'yesterday'"),
        bad(SET.replace("\"prev\":[]", "\"prev\":\"" + PREV + "\""), "'prev' must be an array"),
        bad(SET.replace("\"prev\":[]", "\"prev\":[1]"), "'prev' must be a string"),
        bad(SET.replace("\"node\":\"" + NODE + "\"", "\"node\":42"), "'node' must be a string"),
        // unknown op kind and field
        bad(SET.replace("\"op\":\"set\"", "\"op\":\"upsert\""), "unknown op 'upsert'"),
        bad(SET.replace("\"field\":\"title\"", "\"field\":\"colour\""), "unknown field 'colour'"),
        bad(SET.replace("\"field\":\"title\"", "\"field\":\"tags\""), "set needs a register field"),
        bad("{" + h + "," + n + ",\"op\":\"add\",\"field\":\"title\",\"value\":\"x\"}", "need a set field"),
        // wrong value types
        bad(SET.replace("\"value\":\"x\"", "\"value\":42.5"), "'value' must be a string, boolean, null or link"),
        bad(SET.replace("\"value\":\"x\"", "\"value\":[\"x\"]"), "'value' must be a string, boolean, null or link"),
        bad(SET.replace("\"value\":\"x\"", "\"value\":true"), "value of title must be a string or null"),
        bad(setOf("status", "\"bogus\""), "value of status must be one of open, doing, done, cancelled"),
        bad(setOf("status", "true"), "value of status"),
        bad(setOf("priority", "\"X\""), "value of priority must be one of H, M, L"),
        bad(setOf("priority", "\"h\""), "value of priority"),
        bad(setOf("due", "\"2026-13-40\""), "value of due must be an ISO date"),
        bad(setOf("due", "\"tomorrow\""), "value of due must be an ISO date"),
        bad(setOf("due", "\"2026-1-1\""), "value of due must be an ISO date"),
        bad(setOf("due", "false"), "value of due"),
        bad(setOf("deleted", "\"yes\""), "value of deleted must be true, false or null"),
        bad(setOf("parent", "\"nobody\""), "value of parent must be a node id"),
        bad(setOf("title", "{\"type\":\"blocks\",\"to\":\"" + OTHER + "\"}"), "value of title"),
        bad(addOf("tags", "\"\""), "value of tags must be a non-empty string"),
        // the task fields of issue 13
        bad(setOf("due", "\"2026-12-01T09:30:00\""), "value of due must be an ISO date"),
        bad(setOf("due", "\"2026-12-01T09:30:00.5Z\""), "value of due must be an ISO date"),
        bad(setOf("due", "\"2026-12-01T09:30Z\""), "value of due must be an ISO date"),
        bad(setOf("due", "\"2026-12-01T09:30:00+01:00\""), "value of due must be an ISO date"),
        bad(setOf("scheduled", "\"2026-02-30\""), "value of scheduled must be an ISO date"),
        bad(setOf("wait", "\"soon\""), "value of wait must be an ISO date"),
        bad(setOf("until", "true"), "value of until"),
        bad(setOf("start", "\"2026-12-01T25:00:00Z\""), "value of start must be an ISO date"),
        bad(setOf("project", "\"\""), "value of project must be dot-separated"),
        bad(setOf("project", "\"Home..Garden\""), "value of project must be dot-separated"),
        bad(setOf("project", "\".Home\""), "value of project must be dot-separated"),
        bad(setOf("project", "\"Home Garden\""), "value of project must be dot-separated"),
        bad(setOf("project", "{\"key\":\"a\",\"value\":\"b\"}"), "value of project"),
        bad(addOf("annotations", "\"just text\""), "value of annotations must be {\"entry\""),
        bad(addOf("annotations", "{\"entry\":\"2026-11-28\",\"text\":\"x\"}"), "value of annotations"),
        bad(addOf("annotations", "{\"entry\":\"2026-11-28T06:00:00Z\",\"text\":\" \"}"), "value of annotations"),
        bad(addOf("annotations", "{\"entry\":\"2026-11-28T06:00:00Z\"}"), "an object value must be"),
        bad(addOf("annotations", "{\"entry\":\"2026-11-28T06:00:00Z\",\"text\":\"x\",\"text\":\"y\"}"),
            "duplicate key 'value.text'"),
        bad(addOf("annotations", "{\"entry\":\"2026-11-28T06:00:00Z\",\"text\":\"\\ud800\"}"),
            "value of annotations is not valid Unicode"),
        bad(addOf("udas", "{\"key\":\"a b\",\"value\":\"x\"}"), "value of udas must be {\"key\""),
        bad(addOf("udas", "{\"key\":\"a=b\",\"value\":\"x\"}"), "value of udas"),
        bad(addOf("udas", "{\"key\":\"a\",\"value\":\"\"}"), "value of udas"),
        bad(addOf("udas", "{\"key\":\"a\",\"value\":7}"), "'value.value' must be a string"),
        bad(addOf("udas", "{\"key\":\"a\",\"text\":\"x\"}"), "an object value must be"),
        bad(addOf("links", "{\"key\":\"a\",\"value\":\"x\"}"), "value of links"),
        bad(addOf("tags", "{\"entry\":\"2026-11-28T06:00:00Z\",\"text\":\"x\"}"), "value of tags"),
        bad(addOf("tags", "null"), "value of tags"),
        bad(addOf("tags", "true"), "value of tags"),
        bad(addOf("links", "\"" + OTHER + "\""), "value of links"),
        bad(addOf("links", "{\"type\":\"blocks\"}"), "a link value needs both 'type' and 'to'"),
        bad(addOf("links", "{\"to\":\"" + OTHER + "\"}"), "a link value needs both 'type' and 'to'"),
        bad(addOf("links", "{\"type\":\"blocks\",\"to\":\"someone\"}"), "value of links"),
        bad(addOf("links", "{\"type\":\"\",\"to\":\"" + OTHER + "\"}"), "value of links"),
        bad(addOf("links", "{\"type\":\"blocks\",\"to\":\"" + OTHER + "\",\"why\":\"x\"}"), "unknown key 'value.why'"),
        bad("{" + h + "," + n + ",\"op\":\"create\",\"value\":\"project\"}", "\"task\" or \"note\""),
        bad("{" + h + "," + n + ",\"op\":\"create\",\"value\":null}", "\"task\" or \"note\""),
        // text that is not valid Unicode: a JSON escape of an unpaired surrogate
        bad(setOf("title", "\"ab\\ud800\""), "value of title is not valid Unicode (unpaired surrogate U+D800 at char 2)"),
        bad(setOf("body", "\"\\udc00\""), "value of body is not valid Unicode (unpaired surrogate U+DC00 at char 0)"),
        bad(setOf("body", "\"\\ude00\\ud83d\""), "value of body is not valid Unicode (unpaired surrogate U+DE00"),
        bad(setOf("recur", "\"x\\ud83d\""), "value of recur is not valid Unicode"),
        bad(addOf("tags", "\"t\\udbff\""), "value of tags is not valid Unicode (unpaired surrogate U+DBFF at char 1)"),
        bad(addOf("links", "{\"type\":\"\\ud800\",\"to\":\"" + OTHER + "\"}"), "value of links is not valid Unicode"),
        // trailing content after the op
        bad(SET + "{}", "trailing content"),
        bad(SET + " garbage", "malformed JSON"));
  }

  private static String setOf(String field, String valueJson) {
    return "{\"hlc\":\"" + HLC + "\",\"node\":\"" + NODE + "\",\"op\":\"set\",\"field\":\"" + field
        + "\",\"value\":" + valueJson + ",\"prev\":[]}";
  }

  private static String addOf(String field, String valueJson) {
    return "{\"hlc\":\"" + HLC + "\",\"node\":\"" + NODE + "\",\"op\":\"add\",\"field\":\"" + field
        + "\",\"value\":" + valueJson + "}";
  }

  private static Arguments bad(String json, String reason) {
    return Arguments.of(json, reason);
  }

  /** parse: refused with InvalidOp giving the reason. */
  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("badOps")
  void parseRefusesGivingTheReason(String json, String reason) {
    assertThatThrownBy(() -> OpReader.parse(json))
        .isInstanceOf(HephException.InvalidOp.class)
        .hasMessageContaining(reason)
        .hasMessageStartingWith("op");
  }

  /**
   * parse: the message names the op by its hlc whenever the text has a readable hlc (every case
   * here but the missing- and bad-hlc ones: their hlc key comes first), as docs/design.md asks ("naming
   * the bad op") and the op format promises ("its hlc when that much could be read").
   */
  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("badOps")
  void parseNamesTheOpByItsHlcWhenItWasRead(String json, String reason) {
    assertThatThrownBy(() -> OpReader.parse(json))
        .isInstanceOf(HephException.InvalidOp.class)
        .satisfies(e -> assertThat(e.getMessage()).contains(expectedName(json, "op")));
  }

  /** readArray: refused with InvalidOp naming the op (its hlc, or its position ops[i]) and the reason. */
  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("badOps")
  void readArrayRefusesNamingTheOpAndTheReason(String json, String reason) {
    if (json.startsWith(SET) && json.length() > SET.length()) {
      return; // trailing content is a whole-document matter; see parseRefuses... and malformedJson...
    }
    String array = "[" + OpWriter.toJson(new Op.Create(P, NODE, "task")) + "," + json + "]";
    assertThatThrownBy(() -> readArray(array))
        .isInstanceOf(HephException.InvalidOp.class)
        .hasMessageContaining(reason)
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("ops[1]", "op " + HLC));
  }

  /** The name an error about this op text must carry: "op HLC" when its hlc is readable. */
  private static String expectedName(String json, String position) {
    try {
      Hlc.parse(json.substring(json.indexOf("\"hlc\":\"") + 7, json.indexOf("\"hlc\":\"") + 7 + Hlc.TEXT_LENGTH));
      return json.contains("\"hlc\"") ? "op " + HLC : position;
    } catch (RuntimeException unreadable) {
      return position;
    }
  }

  @Test
  void aNumberValueIsDescribedAsWhatItIs() {
    // "got null" would send the reader looking for a null that is not there.
    assertThatThrownBy(() -> OpReader.parse(SET.replace("\"value\":\"x\"", "\"value\":42.5")))
        .isInstanceOf(HephException.InvalidOp.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotEndWith("got null").contains("42.5"));
  }

  @Test
  void duplicateKeysAreRefused() {
    // "no others may be" present: a second value for a key must not silently replace the first.
    String twice = SET.replace("\"value\":\"x\"", "\"value\":\"x\",\"value\":\"y\"");
    assertThatThrownBy(() -> OpReader.parse(twice)).isInstanceOf(HephException.InvalidOp.class);
  }

  @Test
  void malformedJsonIsRefused() {
    for (String text : List.of("", "   ", "{", "{\"hlc\":", SET.substring(0, SET.length() - 1), "[]", "null", "\"op\"",
        "{\"hlc\":\"" + HLC + "\",}", "{'hlc':'" + HLC + "'}", SET.replace(":", "="))) {
      assertThatThrownBy(() -> OpReader.parse(text)).as(text)
          .isInstanceOf(HephException.InvalidOp.class)
          .hasMessageStartingWith("op");
    }
  }

  @Test
  void malformedJsonInAnArrayIsRefused() {
    // Inside an array, broken JSON cannot be parsed on; it must not pass as an op either way.
    String array = "[" + SET + ",{\"hlc\":\"" + HLC + "\",\"node\"}]";
    assertThatThrownBy(() -> readArray(array)).isInstanceOfAny(IOException.class, HephException.InvalidOp.class);
    assertThatThrownBy(() -> readArray("[" + SET + ",42]"))
        .isInstanceOf(HephException.InvalidOp.class).hasMessageContaining("ops[1]: expected an op object");
    assertThatThrownBy(() -> readArray("{\"ops\":[]}"))
        .isInstanceOf(HephException.InvalidOp.class).hasMessageContaining("ops must be a JSON array");
  }

  /**
   * Every scalar value round-trips exactly, whether sent raw or as JSON escapes (a pair of
   * surrogate escapes is one astral-plane character); only an unpaired surrogate is refused.
   */
  @Test
  void textOfEveryKindRoundTripsAndEscapedFormsMeanTheSame() {
    String text = "\u0000\u0001\t\u001b[31m \u00e9 e\u0301 \u2603 \uFFFD \uFEFF \uFFFF \uD83D\uDE00 \uDBFF\uDFFF";
    Op op = new Op.Set(H, NODE, Field.BODY, Value.text(text), List.of());
    assertThat(OpReader.parse(OpWriter.toJson(op))).isEqualTo(op);
    StringBuilder escaped = new StringBuilder("\"");
    text.chars().forEach(c -> escaped.append(String.format("\\u%04x", c)));
    Op parsed = OpReader.parse(setOf("body", escaped + "\""));
    assertThat(parsed).isEqualTo(op);
    assertThat(OpWriter.toJson(parsed)).isEqualTo(OpWriter.toJson(op));
  }

  @Test
  void anOpRecordWithTextThatIsNotUnicodeCannotBeMade() {
    // Local writes build records, not JSON: the same rule holds for them.
    assertThatThrownBy(() -> new Op.Set(H, NODE, Field.TITLE, Value.text("x\uD800"), List.of()))
        .isInstanceOf(HephException.InvalidOp.class)
        .hasMessage("op " + HLC + ": value of title is not valid Unicode (unpaired surrogate U+D800 at char 1)");
    assertThatThrownBy(() -> new Op.Add(H, NODE, Field.TAGS, Value.text("\uDC00")))
        .isInstanceOf(HephException.InvalidOp.class).hasMessageContaining("not valid Unicode");
    assertThatThrownBy(() -> new Op.Remove(H, NODE, Field.LINKS, new Value.Link("b\uD800", OTHER), List.of(P)))
        .isInstanceOf(HephException.InvalidOp.class).hasMessageContaining("not valid Unicode");
  }

  @Test
  void opRecordsValidateTheirShapeToo() {
    assertThatThrownBy(() -> new Op.Create(null, NODE, "task")).isInstanceOf(HephException.InvalidOp.class);
    assertThatThrownBy(() -> new Op.Create(H, "x", "task")).isInstanceOf(HephException.InvalidOp.class)
        .hasMessageContaining("op " + HLC);
    assertThatThrownBy(() -> new Op.Set(H, NODE, Field.TAGS, Value.text("x"), List.of()))
        .isInstanceOf(HephException.InvalidOp.class);
    assertThatThrownBy(() -> new Op.Add(H, NODE, Field.TITLE, Value.text("x")))
        .isInstanceOf(HephException.InvalidOp.class);
    assertThatThrownBy(() -> new Op.Set(H, NODE, Field.TITLE, null, List.of()))
        .isInstanceOf(HephException.InvalidOp.class).hasMessageContaining("is missing");
  }

  // ---------------------------------------------------------------------------------------------

  /** Reads a JSON array of ops, as the sync wire does. */
  static List<Op> readArray(String json) throws IOException {
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      p.nextToken();
      return OpReader.readArray(p);
    }
  }

  /** The same JSON object with its top-level keys in reverse order (a tiny splitter for our own output). */
  private static String reverseKeys(String json) {
    List<String> parts = new java.util.ArrayList<>();
    int depth = 0;
    boolean inString = false;
    int start = 1;
    for (int i = 1; i < json.length() - 1; i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(json.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(json.substring(start, json.length() - 1));
    return "{" + String.join(",", parts.reversed()) + "}";
  }
}
