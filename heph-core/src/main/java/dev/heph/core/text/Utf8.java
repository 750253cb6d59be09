package dev.heph.core.text;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for the texts heph reads from outside: JSON (push bodies, RPC requests, hub answers,
 * query strings) and plain text (a body on standard input, a file an editor saved). The JDK's decoders replace bad bytes with U+FFFD, and Jackson's byte parser
 * accepts overlong forms and sequences beyond U+10FFFF: either turns bytes into text other than
 * what was sent. This accepts exactly the well-formed sequences (Unicode's table 3-7) and refuses
 * the rest where they start. It refuses a NUL byte too: a JSON text never holds one (U+0000 is
 * written {@code \u0000}), and without one Jackson cannot take a body for UTF-16 or UTF-32.
 */
public final class Utf8 {
  private Utf8() {}

  /** Bytes that are not well-formed UTF-8; the message says what and at which byte (from 0). */
  public static final class Malformed extends CharConversionException {
    private final long offset;

    Malformed(String reason, long offset) {
      super(reason + " at byte " + offset);
      this.offset = offset;
    }

    /** Where the ill-formed sequence starts, in bytes from the start of the input. */
    public long offset() {
      return offset;
    }
  }

  /** Decodes {@code bytes}, refusing any that are not well-formed UTF-8. */
  public static String decode(byte[] bytes) throws Malformed {
    return decode(bytes, 0, bytes.length);
  }

  public static String decode(byte[] bytes, int offset, int length) throws Malformed {
    Checker checker = new Checker(false);
    checker.feed(bytes, offset, length);
    checker.end();
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  /**
   * Decodes plain text that is not JSON (a body piped on standard input, a file an editor saved):
   * as {@link #decode(byte[])}, but a NUL byte is U+0000, a character like any other (see {@link Unicode}).
   */
  public static String decodeText(byte[] bytes) throws Malformed {
    Checker checker = new Checker(true);
    checker.feed(bytes, 0, bytes.length);
    checker.end();
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** A stream that checks the bytes of {@code in} as they are read; a read throws {@link Malformed}. */
  public static InputStream checking(InputStream in) {
    return new CheckingStream(in);
  }

  /** The validator: a state machine over bytes, fed in pieces of any size. */
  private static final class Checker {
    private final boolean nulAllowed;
    private long position;
    /** Continuation bytes still expected, and the range the next one must lie in. */
    private int need;
    private int low;
    private int high;
    private int lead;
    private long leadPosition;

    Checker(boolean nulAllowed) {
      this.nulAllowed = nulAllowed;
    }

    void feed(byte[] bytes, int offset, int length) throws Malformed {
      for (int i = offset; i < offset + length; i++, position++) {
        int b = bytes[i] & 0xFF;
        if (need > 0) {
          continuation(b);
        } else if (b >= 0x80) {
          start(b);
        } else if (b == 0 && !nulAllowed) {
          throw new Malformed("a NUL byte (a JSON text never holds one; U+0000 is written \\u0000)", position);
        }
      }
    }

    private void continuation(int b) throws Malformed {
      if (b >= low && b <= high) {
        need--;
        low = 0x80;
        high = 0xBF;
        return;
      }
      if (b < 0x80 || b > 0xBF) {
        throw new Malformed(String.format("truncated sequence (lead byte 0x%02X, then 0x%02X)", lead, b), leadPosition);
      }
      String what = switch (lead) {
        case 0xE0, 0xF0 -> "overlong encoding";
        case 0xED -> "a surrogate encoded in UTF-8 (CESU-8)";
        default -> "a code point above U+10FFFF"; // 0xF4
      };
      throw new Malformed(String.format("%s (0x%02X 0x%02X)", what, lead, b), leadPosition);
    }

    private void start(int b) throws Malformed {
      lead = b;
      leadPosition = position;
      low = 0x80;
      high = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
      } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        if (b == 0xE0) {
          low = 0xA0;
        } else if (b == 0xED) {
          high = 0x9F;
        }
      } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        if (b == 0xF0) {
          low = 0x90;
        } else if (b == 0xF4) {
          high = 0x8F;
        }
      } else {
        throw new Malformed(switch (b) {
          case 0xC0, 0xC1 -> String.format("overlong encoding (lead byte 0x%02X)", b);
          case 0xF5, 0xF6, 0xF7 -> String.format("a code point above U+10FFFF (lead byte 0x%02X)", b);
          default -> b <= 0xBF ? String.format("continuation byte 0x%02X without a lead byte", b)
              : String.format("byte 0x%02X, which never occurs in UTF-8", b);
        }, position);
      }
    }

    void end() throws Malformed {
      if (need > 0) {
        throw new Malformed(String.format("truncated sequence at the end (lead byte 0x%02X)", lead), leadPosition);
      }
    }
  }

  private static final class CheckingStream extends InputStream {
    private final InputStream in;
    private final Checker checker = new Checker(false);
    private final byte[] one = new byte[1];

    CheckingStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n < 0) {
        checker.end();
      } else {
        checker.feed(b, off, n);
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
