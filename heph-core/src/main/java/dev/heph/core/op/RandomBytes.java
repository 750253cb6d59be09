package dev.heph.core.op;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;

/**
 * Unpredictable bytes for ids, read straight from the kernel's {@code /dev/urandom}. Initializing
 * {@link SecureRandom}'s provider framework costs ~10 ms of CLI start-up; the file read costs
 * microseconds and is the same source. SecureRandom remains the fallback where the file is absent.
 */
public final class RandomBytes {
  private RandomBytes() {}

  public static byte[] get(int count) {
    byte[] out = new byte[count];
    try (InputStream in = new FileInputStream("/dev/urandom")) {
      if (in.readNBytes(out, 0, count) == count) {
        return out;
      }
    } catch (IOException e) {
      // not on this platform: fall back below
    }
    new SecureRandom().nextBytes(out);
    return out;
  }
}
