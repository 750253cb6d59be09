package dev.heph.cli;

/**
 * How many terminal cells text takes, and how to cut it to fit. East Asian wide and fullwidth
 * characters and most emoji take two cells; combining marks, format characters and the Hangul
 * medial and final jamo take none. Text here is already terminal-safe (no control characters).
 */
final class Cells {
  private Cells() {}

  static final String ELLIPSIS = "…";

  /** The width of {@code s} in cells. */
  static int width(String s) {
    int narrow = 0;
    while (narrow < s.length() && s.charAt(narrow) < 0x300) {
      narrow++; // the usual case, text without combining marks or wide characters: one cell a char
    }
    if (narrow == s.length()) {
      return narrow;
    }
    int w = narrow;
    for (int i = narrow; i < s.length(); ) {
      int cp = s.codePointAt(i);
      w += width(cp);
      i += Character.charCount(cp);
    }
    return w;
  }

  /** {@code s} unchanged when it fits in {@code max} cells, else cut with an ellipsis to at most {@code max} cells. */
  static String fit(String s, int max) {
    if (max <= 0) {
      return "";
    }
    if (width(s) <= max) {
      return s;
    }
    int room = max - 1; // the ellipsis takes one cell
    int used = 0;
    int end = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int w = width(cp);
      if (used + w > room) {
        break;
      }
      used += w;
      i += Character.charCount(cp);
      end = i;
    }
    return s.substring(0, end) + ELLIPSIS;
  }

  /** The cells one code point takes (0, 1 or 2). */
  static int width(int cp) {
    if (cp < 0x300) {
      return 1; // Latin, Greek...: narrow (controls never get here: they are escaped first)
    }
    switch (Character.getType(cp)) {
      case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT -> {
        return 0;
      }
      default -> { }
    }
    if (cp >= 0x1160 && cp <= 0x11ff) {
      return 0; // Hangul medial vowels and final consonants join the preceding syllable
    }
    return wide(cp) ? 2 : 1;
  }

  /** East Asian Wide (W) and Fullwidth (F) ranges of Unicode 15, and the emoji shown wide by default. */
  private static boolean wide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115f)
        || cp == 0x231a || cp == 0x231b || cp == 0x2329 || cp == 0x232a
        || (cp >= 0x23e9 && cp <= 0x23ec) || cp == 0x23f0 || cp == 0x23f3
        || cp == 0x25fd || cp == 0x25fe || cp == 0x2614 || cp == 0x2615
        || (cp >= 0x2648 && cp <= 0x2653) || cp == 0x267f || cp == 0x2693 || cp == 0x26a1
        || cp == 0x26aa || cp == 0x26ab || cp == 0x26bd || cp == 0x26be || cp == 0x26c4 || cp == 0x26c5
        || cp == 0x26ce || cp == 0x26d4 || cp == 0x26ea || cp == 0x26f2 || cp == 0x26f3 || cp == 0x26f5
        || cp == 0x26fa || cp == 0x26fd || cp == 0x2705 || cp == 0x270a || cp == 0x270b || cp == 0x2728
        || cp == 0x274c || cp == 0x274e || (cp >= 0x2753 && cp <= 0x2755) || cp == 0x2757
        || (cp >= 0x2795 && cp <= 0x2797) || cp == 0x27b0 || cp == 0x27bf || cp == 0x2b1b || cp == 0x2b1c
        || cp == 0x2b50 || cp == 0x2b55
        || (cp >= 0x2e80 && cp <= 0x303e) // CJK radicals, ideographic description, CJK symbols
        || (cp >= 0x3041 && cp <= 0x33ff) // kana, bopomofo, Hangul compatibility jamo, CJK compatibility
        || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) // CJK ideographs
        || (cp >= 0xa000 && cp <= 0xa4cf) || (cp >= 0xa960 && cp <= 0xa97f) // Yi, Hangul jamo extended-A
        || (cp >= 0xac00 && cp <= 0xd7a3) // Hangul syllables
        || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe10 && cp <= 0xfe19) || (cp >= 0xfe30 && cp <= 0xfe6f)
        || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) // fullwidth forms
        || (cp >= 0x16fe0 && cp <= 0x16fe4) || (cp >= 0x17000 && cp <= 0x18cff) || (cp >= 0x1b000 && cp <= 0x1b2ff)
        || cp == 0x1f004 || cp == 0x1f0cf || cp == 0x1f18e || (cp >= 0x1f191 && cp <= 0x1f19a)
        || (cp >= 0x1f200 && cp <= 0x1f265)
        || (cp >= 0x1f300 && cp <= 0x1f320) || (cp >= 0x1f32d && cp <= 0x1f335) || (cp >= 0x1f337 && cp <= 0x1f37c)
        || (cp >= 0x1f37e && cp <= 0x1f393) || (cp >= 0x1f3a0 && cp <= 0x1f3ca) || (cp >= 0x1f3cf && cp <= 0x1f3d3)
        || (cp >= 0x1f3e0 && cp <= 0x1f3f0) || cp == 0x1f3f4 || (cp >= 0x1f3f8 && cp <= 0x1f43e) || cp == 0x1f440
        || (cp >= 0x1f442 && cp <= 0x1f4fc) || (cp >= 0x1f4ff && cp <= 0x1f53d) || (cp >= 0x1f54b && cp <= 0x1f54e)
        || (cp >= 0x1f550 && cp <= 0x1f567) || cp == 0x1f57a || cp == 0x1f595 || cp == 0x1f596 || cp == 0x1f5a4
        || (cp >= 0x1f5fb && cp <= 0x1f64f) || (cp >= 0x1f680 && cp <= 0x1f6c5) || cp == 0x1f6cc
        || (cp >= 0x1f6d0 && cp <= 0x1f6d2) || (cp >= 0x1f6d5 && cp <= 0x1f6d7) || (cp >= 0x1f6dc && cp <= 0x1f6df)
        || cp == 0x1f6eb || cp == 0x1f6ec || (cp >= 0x1f6f4 && cp <= 0x1f6fc) || (cp >= 0x1f7e0 && cp <= 0x1f7eb)
        || cp == 0x1f7f0 || (cp >= 0x1f90c && cp <= 0x1f93a) || (cp >= 0x1f93c && cp <= 0x1f945)
        || (cp >= 0x1f947 && cp <= 0x1f9ff) || (cp >= 0x1fa70 && cp <= 0x1faff)
        || (cp >= 0x20000 && cp <= 0x2fffd) || (cp >= 0x30000 && cp <= 0x3fffd); // CJK extension planes
  }
}
