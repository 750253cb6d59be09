package dev.heph.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.heph.core.HephException;
import org.junit.jupiter.api.Test;

/** The one rule for text: well-formed UTF-16, every code point allowed, unpaired surrogates not. */
class UnicodeTest {

  @Test
  void everyScalarValueIsValidText() {
    for (String ok : new String[] {"", "plain", "\u0000", "tab\tnew\nline\u001b[31m", "\uFFFD", "\uFEFF\uFFFE\uFFFF",
        "e\u0301", "\uD83D\uDE00", "\uDBFF\uDFFF", "\uD800\uDC00", "\uE000"}) {
      assertThat(Unicode.problem(ok)).as(ok).isNull();
    }
  }

  @Test
  void anUnpairedSurrogateIsNamedWithItsPosition() {
    assertThat(Unicode.problem("abc\uD800")).isEqualTo("unpaired surrogate U+D800 at char 3");
    assertThat(Unicode.problem("\uDC00x")).isEqualTo("unpaired surrogate U+DC00 at char 0");
    assertThat(Unicode.problem("a\uDE00\uD83D")).isEqualTo("unpaired surrogate U+DE00 at char 1"); // a pair reversed
    assertThat(Unicode.problem("\uD83D\uDE00\uD83Dx")).isEqualTo("unpaired surrogate U+D83D at char 2");
    assertThat(Unicode.problem("\uD800\uD800\uDC00")).isEqualTo("unpaired surrogate U+D800 at char 0");
  }

  @Test
  void requireValidNamesTheFieldAndRefusesAsInvalidInput() {
    assertThat(Unicode.requireValid("title", "fine \uD83D\uDE00")).isEqualTo("fine \uD83D\uDE00");
    assertThat(Unicode.requireValid("title", null)).isNull();
    assertThatThrownBy(() -> Unicode.requireValid("title", "ab\uD800"))
        .isInstanceOf(HephException.InvalidInput.class)
        .hasMessage("title: text is not valid Unicode (unpaired surrogate U+D800 at char 2)");
  }
}
