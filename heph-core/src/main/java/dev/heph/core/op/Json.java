package dev.heph.core.op;

/** Minimal JSON string quoting for canonical value texts (no Jackson on this hot path). */
public final class Json {
  private Json() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** The JSON string literal for {@code s}, escaping quotes, backslashes and control characters. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
