package dev.heph.core.op;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;

/**
 * The JSON settings every heph format shares (the ops, the sync wire, the RPC and the CLI's
 * output), and minimal string quoting for canonical value texts (no Jackson on that hot path).
 */
public final class Json {
  private Json() {}

  /** The one factory for heph's JSON; its read limits guard against absurd single values. */
  public static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(
          StreamReadConstraints.builder().maxStringLength(4 * Field.MAX_TEXT).maxNestingDepth(16).build())
      .build();

  /** Jackson's description of a parse failure without its source-location suffix. */
  public static String problem(IOException e) {
    return e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
  }

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
