package dev.heph.daemon.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;

/**
 * Reads one client's newline-terminated request lines, as bytes: each is decoded (strictly) on
 * its own by the RPC layer, so a line that is not UTF-8 gets its own error and the lines after it
 * are still served (a Reader would have put U+FFFD in place of bad bytes without a word). The bytes of a line beyond its first
 * {@link #UNCOUNTED} are held against a {@link MemoryBudget} shared by all clients, from the
 * moment they arrive until {@link #release} (after the request was answered), so that many
 * clients each sending part of a long line cannot together grow the daemon without bound, while
 * everyday requests, which are short, are served even when long ones have used up the budget.
 */
final class LineReader {
  /** Thrown when a line is longer than the longest allowed. */
  static final class LineTooLong extends IOException {}

  /** Thrown when the line would take more than the budget has left. */
  static final class OverBudget extends IOException {}

  /** Bytes of each line that the budget does not count (the number of clients bounds them). */
  static final int UNCOUNTED = 64 << 10;
  private static final int FIRST_CAPACITY = 1 << 12;

  private final ReadableByteChannel in;
  private final MemoryBudget budget;
  private final int maxLine;
  private final ByteBuffer chunk = ByteBuffer.allocate(1 << 13).flip();
  private byte[] line = new byte[0];
  private int length;
  private boolean eof;

  LineReader(ReadableByteChannel in, MemoryBudget budget, int maxLine) {
    this.in = in;
    this.budget = budget;
    this.maxLine = maxLine;
  }

  /**
   * Reads the next line, without its newline, into {@link #bytes()} (a last line may lack the
   * newline); returns its length, or -1 at the end of the stream.
   */
  int next() throws IOException {
    length = 0;
    while (true) {
      while (chunk.hasRemaining()) {
        byte b = chunk.get();
        if (b == '\n') {
          return length;
        }
        append(b);
      }
      if (eof) {
        return length == 0 ? -1 : length;
      }
      chunk.clear();
      eof = in.read(chunk) < 0;
      chunk.flip();
    }
  }

  /** The bytes of the line {@link #next} read (valid up to the length it returned). */
  byte[] bytes() {
    return line;
  }

  /** True when the line holds nothing but JSON whitespace. */
  boolean isBlank(int length) {
    for (int i = 0; i < length; i++) {
      if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
        return false;
      }
    }
    return true;
  }

  private void append(byte b) throws IOException {
    if (length == line.length) {
      if (length >= maxLine) {
        throw new LineTooLong();
      }
      int capacity = Math.min(Math.max(FIRST_CAPACITY, line.length * 2), maxLine);
      if (!budget.tryTake(counted(capacity) - counted(line.length))) {
        throw new OverBudget();
      }
      line = Arrays.copyOf(line, capacity);
    }
    line[length++] = b;
  }

  private static long counted(int capacity) {
    return Math.max(0, capacity - UNCOUNTED);
  }

  /** Gives the line's memory back to the budget; the next line starts small again. */
  void release() {
    budget.give(counted(line.length));
    line = new byte[0];
    length = 0;
  }
}
