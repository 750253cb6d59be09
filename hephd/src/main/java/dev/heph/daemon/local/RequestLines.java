package dev.heph.daemon.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a client's stream into request lines, as bytes: each is decoded (strictly) on its own,
 * so a line that is not UTF-8 gets its own error and the lines after it are still served. A
 * Reader would have put U+FFFD in place of bad bytes without a word.
 */
final class RequestLines {
  /** A line longer than the bound. */
  static final class TooLong extends IOException {}

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;

  RequestLines(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line without its '\n' (a last line may lack one), or null at the end of the stream. */
  byte[] next() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      if (position == limit) {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
          return line.size() == 0 ? null : line.toByteArray();
        }
        position = 0;
        limit = n;
      }
      int newline = position;
      while (newline < limit && buffer[newline] != '\n') {
        newline++;
      }
      if (line.size() + newline - position > maxBytes) {
        throw new TooLong();
      }
      line.write(buffer, position, newline - position);
      position = Math.min(newline + 1, limit);
      if (newline < limit) {
        return line.toByteArray();
      }
    }
  }

  /** True when a line holds nothing but JSON whitespace. */
  static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
