package dev.heph.daemon.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one client's newline-terminated request lines. The bytes of a line beyond its first
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

  /** The next line (UTF-8, without its newline), or null at the end of the stream. */
  String next() throws IOException {
    length = 0;
    while (true) {
      while (chunk.hasRemaining()) {
        byte b = chunk.get();
        if (b == '\n') {
          return new String(line, 0, length, StandardCharsets.UTF_8);
        }
        append(b);
      }
      if (eof) {
        return length == 0 ? null : new String(line, 0, length, StandardCharsets.UTF_8);
      }
      chunk.clear();
      eof = in.read(chunk) < 0;
      chunk.flip();
    }
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
