package dev.heph.cli;

/**
 * The colours of heph's tables, as ANSI SGR parameters. Few and plain, so that they read on
 * light and dark terminals alike: red for what is late, yellow for what is due today, dim for
 * what is finished.
 */
enum Style {
  NONE(""),
  OVERDUE("31"),
  DUE_TODAY("33"),
  DONE("2"),
  ACTIVE("32"),
  CONFLICT("1;35"),
  PRIORITY_HIGH("1"),
  PRIORITY_MEDIUM("36"),
  PRIORITY_LOW("34"),
  HEADER("4");

  private final String sgr;

  Style(String sgr) {
    this.sgr = sgr;
  }

  /** {@code text} wrapped in this style and {@code row}'s, then reset; unchanged when both are NONE or it is empty. */
  String paint(String text, Style row) {
    if (text.isEmpty() || (this == NONE && row == NONE)) {
      return text;
    }
    String codes = row == NONE ? sgr : this == NONE ? row.sgr : row.sgr + ";" + sgr;
    return "\u001b[" + codes + "m" + text + "\u001b[0m";
  }
}
