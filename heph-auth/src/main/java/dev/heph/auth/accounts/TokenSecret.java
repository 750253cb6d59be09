package dev.heph.auth.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Device token secrets: {@code heph_} and 43 base64url characters (32 random bytes). The prefix
 * lets secret scanners recognise a leaked token; the hub stores only the SHA-256, which is enough
 * for a 256-bit random secret (no salt or slow hash needed: there is nothing to guess).
 */
final class TokenSecret {
  private TokenSecret() {}

  static final String PREFIX = "heph_";
  private static final int RANDOM_BYTES = 32;
  private static final Pattern SHAPE = Pattern.compile("heph_[A-Za-z0-9_-]{43}");
  private static final SecureRandom RANDOM = new SecureRandom();

  static String mint() {
    byte[] bytes = new byte[RANDOM_BYTES];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code text} has a device token's shape (anything else is refused without a lookup). */
  static boolean wellFormed(String text) {
    return text != null && SHAPE.matcher(text).matches();
  }

  static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String hex(byte[] hash) {
    return HexFormat.of().formatHex(hash);
  }

  /** A random id: {@code prefix} and {@code chars} lowercase hex characters. */
  static String id(String prefix, int chars) {
    byte[] bytes = new byte[(chars + 1) / 2];
    RANDOM.nextBytes(bytes);
    return prefix + HexFormat.of().formatHex(bytes).substring(0, chars);
  }
}
