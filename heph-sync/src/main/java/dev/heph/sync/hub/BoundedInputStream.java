package dev.heph.sync.hub;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most a fixed number of bytes, then fails: a body is refused before it is read whole. */
final class BoundedInputStream extends FilterInputStream {
  /** The body is longer than allowed. */
  static final class TooLarge extends IOException {
    TooLarge() {
      super("request body too large");
    }
  }

  private long remaining;

  BoundedInputStream(InputStream in, long limit) {
    super(in);
    this.remaining = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0 && --remaining < 0) {
      throw new TooLarge();
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      remaining -= n;
      if (remaining < 0) {
        throw new TooLarge();
      }
    }
    return n;
  }
}
