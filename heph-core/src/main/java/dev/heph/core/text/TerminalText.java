package dev.heph.core.text;

/**
 * Makes text from any device safe to print on a terminal. Titles, tags, bodies and hub messages
 * come from other devices and other people: a control sequence among them could recolour, move
 * the cursor, retitle the window or hide text, so every control character is shown escaped
 * ({@code \x1b}) instead of being sent raw. Bidirectional overrides are escaped too, since they
 * make text read differently from what it is. JSON output never goes through here: it stays exact.
 * Used for everything printed for people: the CLI's answers and errors, the daemon's and hub's logs.
 */
public final class TerminalText {
  private TerminalText() {}

  /** One line (a table cell, a field): newlines and tabs are escaped as well. Null becomes "". */
  public static String line(String s) {
    return escape(s, false);
  }

  /** Several lines (a body, a whole answer): newlines and tabs are kept, other controls escaped. */
  public static String block(String s) {
    return escape(s, true);
  }

  private static String escape(String s, boolean keepLayout) {
    if (s == null) {
      return "";
    }
    int first = firstUnsafe(s, keepLayout);
    if (first < 0) {
      return s; // the usual case: nothing to copy
    }
    StringBuilder sb = new StringBuilder(s.length() + 16).append(s, 0, first);
    for (int i = first; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!unsafe(c, keepLayout)) {
        sb.append(c);
      } else if (c < 0x100) {
        sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
      } else {
        sb.append(String.format("\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  private static int firstUnsafe(String s, boolean keepLayout) {
    for (int i = 0; i < s.length(); i++) {
      if (unsafe(s.charAt(i), keepLayout)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean unsafe(char c, boolean keepLayout) {
    if (c < 0x20) {
      return !(keepLayout && (c == '\n' || c == '\t'));
    }
    return c == 0x7f
        || (c >= 0x80 && c <= 0x9f) // C1 controls: some terminals act on them (0x9b is CSI)
        || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069); // bidi embeddings, overrides, isolates
  }
}
