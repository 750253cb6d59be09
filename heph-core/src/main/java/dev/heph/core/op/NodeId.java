package dev.heph.core.op;

/** Node ids: UUIDv7 in canonical lowercase text, so that id order follows creation time. */
public final class NodeId {
  private NodeId() {}

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** True for a canonical lowercase UUID text (8-4-4-4-12 hex digits). */
  public static boolean isValid(String s) {
    if (s == null || s.length() != 36) {
      return false;
    }
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** A new UUIDv7: 48 bits of unix millis, version 7, 74 random bits, RFC 4122 variant. */
  public static String newId(long unixMillis) {
    return newId(unixMillis, RandomBytes.get(10));
  }

  /** A UUIDv7 from unix millis and 10 random bytes (of which 74 bits are used). */
  public static String newId(long unixMillis, byte[] random) {
    long hi = (unixMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | ((random[0] & 0x0F) << 8) | (random[1] & 0xFF);
    long lo = 0x8000_0000_0000_0000L | ((random[2] & 0x3FL) << 56);
    for (int i = 3; i < 10; i++) {
      lo |= (random[i] & 0xFFL) << (8 * (9 - i));
    }
    char[] out = new char[36];
    int pos = 0;
    for (int nibble = 15; nibble >= 0; nibble--) {
      if (pos == 8 || pos == 13) {
        out[pos++] = '-';
      }
      out[pos++] = HEX[(int) (hi >>> (nibble * 4)) & 0xF];
    }
    for (int nibble = 15; nibble >= 0; nibble--) {
      if (pos == 18 || pos == 23) {
        out[pos++] = '-';
      }
      out[pos++] = HEX[(int) (lo >>> (nibble * 4)) & 0xF];
    }
    return new String(out);
  }
}
