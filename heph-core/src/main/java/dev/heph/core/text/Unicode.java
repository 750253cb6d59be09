package dev.heph.core.text;

import dev.heph.core.HephException;

/**
 * heph's one rule for text: any sequence of Unicode scalar values, that is every code point
 * (U+0000 and the other control characters included) except the surrogates, which only exist to
 * pair up in UTF-16. A Java string breaks the rule only with an unpaired surrogate, which JSON
 * lets a sender write as {@code "\ud800"}; such a string cannot be stored as UTF-8 unchanged
 * (SQLite would keep a '?'), so it is refused wherever text comes in, never repaired.
 */
public final class Unicode {
  private Unicode() {}

  /**
   * Null when {@code s} is well-formed; otherwise what is wrong and where, counting chars (UTF-16
   * code units) from 0, e.g. {@code unpaired surrogate U+D800 at char 3}.
   */
  public static String problem(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++; // a pair: one astral-plane code point
        } else {
          return String.format("unpaired surrogate U+%04X at char %d", (int) c, i);
        }
      }
    }
    return null;
  }

  /**
   * {@code s} unchanged when it is well-formed (or null); otherwise an {@link HephException.InvalidInput}
   * naming {@code what}, e.g. {@code title: text is not valid Unicode (unpaired surrogate U+D800 at char 3)}.
   */
  public static String requireValid(String what, String s) {
    String problem = s == null ? null : problem(s);
    if (problem != null) {
      throw new HephException.InvalidInput(what + ": text is not valid Unicode (" + problem + ")");
    }
    return s;
  }
}
