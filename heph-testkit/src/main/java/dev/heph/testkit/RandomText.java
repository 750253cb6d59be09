package dev.heph.testkit;

import java.util.Random;

/**
 * Random text for tests: valid Unicode drawn from every range (controls with U+0000, combining
 * marks, astral-plane characters, U+FFFD, noncharacters), and text made invalid by one unpaired
 * surrogate, the only way a Java string can break heph's rule for text. Seeded by the caller: a
 * failing case is found again from its seed.
 */
public final class RandomText {
  private RandomText() {}

  /** Valid text of up to {@code maxChars} chars; {@code oneLine}: no line breaks and not blank. */
  public static String valid(Random random, int maxChars, boolean oneLine) {
    StringBuilder sb = new StringBuilder();
    int n = random.nextInt(maxChars + 1);
    while (sb.length() < n) {
      int cp = switch (random.nextInt(10)) {
        case 0 -> random.nextInt(0x20); // controls, U+0000 included
        case 1 -> 0x0300 + random.nextInt(0x70); // combining marks
        case 2 -> 0x80 + random.nextInt(0x780);
        case 3 -> 0x800 + random.nextInt(0xD800 - 0x800);
        case 4 -> 0xE000 + random.nextInt(0x2000); // private use up to U+FFFF
        case 5 -> 0x10000 + random.nextInt(0x100000); // astral planes up to U+10FFFF
        case 6 -> new int[] {0xFFFD, 0xFEFF, 0xFFFF, 0x10FFFF, 0x1F600, 0x7F, '"', '\\'}[random.nextInt(8)];
        default -> 0x20 + random.nextInt(0x5F);
      };
      if (!oneLine || (cp != '\n' && cp != '\r')) {
        sb.appendCodePoint(cp);
      }
    }
    String s = sb.toString();
    return oneLine && s.isBlank() ? s + "x" : s;
  }

  /** Valid text (as {@link #valid}) with one unpaired surrogate put between two of its characters. */
  public static String invalid(Random random, int maxChars, boolean oneLine) {
    String s = valid(random, maxChars, oneLine);
    int at = s.offsetByCodePoints(0, random.nextInt(s.codePointCount(0, s.length()) + 1));
    char lone = (char) (random.nextBoolean() ? 0xD800 + random.nextInt(0x400) : 0xDC00 + random.nextInt(0x400));
    return s.substring(0, at) + lone + s.substring(at);
  }

  /** A word without whitespace, commas or '+' (a tag as the facade takes it); valid unless asked. */
  public static String tag(Random random, boolean valid) {
    String t = valid(random, 10, true).codePoints()
        .filter(c -> !Character.isWhitespace(c) && c != ',' && c != '+')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    t = t.isEmpty() ? "t" : t;
    return valid ? t : t + (char) (0xD800 + random.nextInt(0x800));
  }
}
