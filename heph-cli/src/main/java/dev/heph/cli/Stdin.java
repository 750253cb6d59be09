package dev.heph.cli;

import dev.heph.core.HephException;
import dev.heph.core.op.Field;
import dev.heph.core.text.Utf8;
import java.io.IOException;

/**
 * Text given as {@code -} is read from standard input ({@code --body -}, {@code heph note append
 * ID -}): strict UTF-8 (bytes that are not UTF-8 are refused, never replaced), the line breaks at
 * its end dropped, as a shell's {@code $(...)} drops them.
 */
final class Stdin {
  private Stdin() {}

  /** The argument that stands for standard input. */
  static final String DASH = "-";

  /** At most this many bytes are read: a text of {@link Field#MAX_TEXT} chars takes at most 3 bytes a char. */
  private static final int MAX_BYTES = Field.MAX_TEXT * 3;

  /** {@code value}, or standard input's text when it is {@code -}; null stays null. */
  static String orValue(String value) {
    return DASH.equals(value) ? read() : value;
  }

  private static String read() {
    byte[] bytes;
    try {
      bytes = System.in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new HephException.InvalidInput("cannot read standard input: " + e.getMessage());
    }
    if (bytes.length > MAX_BYTES) {
      throw new HephException.InvalidInput("standard input holds more than " + MAX_BYTES
          + " bytes; a body holds at most " + Field.MAX_TEXT + " characters");
    }
    String text;
    try {
      text = Utf8.decodeText(bytes);
    } catch (Utf8.Malformed e) {
      throw new HephException.InvalidInput("standard input is not valid UTF-8 (" + e.getMessage()
          + "); heph takes text in UTF-8 only");
    }
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
      end--;
    }
    return text.substring(0, end);
  }
}
