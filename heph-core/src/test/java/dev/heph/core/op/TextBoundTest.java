package dev.heph.core.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.HephException;
import dev.heph.core.clock.Hlc;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The one bound on an op's size, {@link Field#MAX_TEXT} chars per text, at its boundary: a text of
 * exactly that length is accepted and round-trips; one char more is refused with {@link
 * HephException.InvalidOp}, whether the op is built (and so encoded) or decoded.
 */
class TextBoundTest {

  static final Hlc H = OpFormatTest.H;
  static final Hlc P = OpFormatTest.P;
  static final String NODE = OpFormatTest.NODE;
  static final String OTHER = OpFormatTest.OTHER;

  static final int MAX = Field.MAX_TEXT;

  /** Every kind of op that carries free text, with that text. */
  static final List<Function<String, Op>> TEXT_OPS = List.of(
      text -> new Op.Set(H, NODE, Field.TITLE, Value.text(text), List.of(P)),
      text -> new Op.Set(H, NODE, Field.BODY, Value.text(text), List.of()),
      text -> new Op.Add(H, NODE, Field.TAGS, Value.text(text)),
      text -> new Op.Remove(H, NODE, Field.TAGS, Value.text(text), List.of(P)),
      text -> new Op.Add(H, NODE, Field.LINKS, new Value.Link(text, OTHER)),
      text -> new Op.Remove(H, NODE, Field.LINKS, new Value.Link(text, OTHER), List.of(P)));

  @Test
  void anOpWithATextOfExactlyTheBoundIsMadeEncodedAndDecoded() throws IOException {
    String longest = "x".repeat(MAX);
    for (Function<String, Op> make : TEXT_OPS) {
      Op op = make.apply(longest);
      String json = OpWriter.toJson(op);
      assertThat(OpReader.parse(json)).isEqualTo(op);
      assertThat(OpFormatTest.readArray("[" + json + "]")).containsExactly(op);
    }
  }

  @Test
  void anOpWithATextOneCharOverTheBoundCannotBeMade() {
    // So it can never be encoded: the encoder takes only ops that exist.
    String tooLong = "x".repeat(MAX + 1);
    for (Function<String, Op> make : TEXT_OPS) {
      assertThatThrownBy(() -> make.apply(tooLong))
          .isInstanceOf(HephException.InvalidOp.class)
          .hasMessageContaining("op " + H)
          .hasMessageContaining((MAX + 1) + " characters long; at most " + MAX + " are allowed");
    }
  }

  @Test
  void anOpTextWithATextOneCharOverTheBoundIsRefusedWhenDecoded() {
    // The JSON an honest encoder would have written, had it accepted the op.
    String longest = "x".repeat(MAX);
    for (Function<String, Op> make : TEXT_OPS) {
      String json = OpWriter.toJson(make.apply(longest)).replace(longest, longest + "y");
      assertThatThrownBy(() -> OpReader.parse(json))
          .isInstanceOf(HephException.InvalidOp.class)
          .hasMessageContaining("op " + H)
          .hasMessageContaining((MAX + 1) + " characters long");
      assertThatThrownBy(() -> OpFormatTest.readArray("[" + json + "]"))
          .isInstanceOf(HephException.InvalidOp.class)
          .hasMessageContaining((MAX + 1) + " characters long");
    }
  }

  @Test
  void theBoundCountsDecodedCharsNotJsonBytes() {
    // Escapes make the JSON six times longer than the text; the text is still within the bound.
    String escaped = "\u0001".repeat(MAX);
    Op atTheBound = new Op.Set(H, NODE, Field.BODY, Value.text(escaped), List.of());
    String json = OpWriter.toJson(atTheBound);
    assertThat(json.length()).isGreaterThan(6 * MAX);
    assertThat(OpReader.parse(json)).isEqualTo(atTheBound);
    // A char outside the BMP counts as two (Java chars, as String.length and the hub count).
    String pairs = "\uD83D\uDE00".repeat(MAX / 2);
    assertThat(OpReader.parse(OpWriter.toJson(new Op.Add(H, NODE, Field.TAGS, Value.text(pairs)))))
        .isEqualTo(new Op.Add(H, NODE, Field.TAGS, Value.text(pairs)));
    assertThatThrownBy(() -> new Op.Add(H, NODE, Field.TAGS, Value.text(pairs + "x")))
        .isInstanceOf(HephException.InvalidOp.class).hasMessageContaining((MAX + 1) + " characters long");
  }

  @Test
  void aTextBeyondTheParsersOwnLimitIsRefusedAsAnInvalidOpToo() {
    // The parser stops reading a string four times the bound long; that must still be an
    // InvalidOp (a typed refusal), not an internal error.
    String huge = "x".repeat(4 * MAX + 1);
    String json = "{\"hlc\":\"" + H + "\",\"node\":\"" + NODE
        + "\",\"op\":\"set\",\"field\":\"body\",\"value\":\"" + huge + "\",\"prev\":[]}";
    assertThatThrownBy(() -> OpReader.parse(json)).isInstanceOf(HephException.InvalidOp.class);
  }
}
