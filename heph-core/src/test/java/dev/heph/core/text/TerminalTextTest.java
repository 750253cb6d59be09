package dev.heph.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {
  @Test
  void plainTextIsUnchanged() {
    String s = "Buy milk – 🥛 café \\ \"quoted\" ü";
    assertThat(TerminalText.line(s)).isSameAs(s);
    assertThat(TerminalText.block(s)).isSameAs(s);
    assertThat(TerminalText.line(null)).isEmpty();
  }

  @Test
  void everyControlCharacterIsEscaped() {
    for (char c = 0; c < 0x20; c++) {
      String escaped = TerminalText.line("a" + c + "b");
      assertThat(escaped).as("U+%04X", (int) c).isEqualTo("a\\x%02xb".formatted((int) c));
    }
    assertThat(TerminalText.line("\u007f")).isEqualTo("\\x7f");
    assertThat(TerminalText.line("\u0080\u009b\u009f")).isEqualTo("\\x80\\x9b\\x9f");
    assertThat(TerminalText.line("\u00a0")).isEqualTo("\u00a0"); // the first printable after C1
    assertThat(TerminalText.line("\u202a\u202e\u2066\u2069")).isEqualTo("\\u202a\\u202e\\u2066\\u2069");
    assertThat(TerminalText.line("\u2029\u206a")).isEqualTo("\u2029\u206a"); // just outside the bidi ranges
  }

  @Test
  void blocksKeepTheirLayout() {
    assertThat(TerminalText.block("one\n\ttwo\r\u001b[2J")).isEqualTo("one\n\ttwo\\x0d\\x1b[2J");
    assertThat(TerminalText.line("one\n\ttwo")).isEqualTo("one\\x0a\\x09two");
  }
}
