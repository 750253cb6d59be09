package dev.heph.core.query;

/** How a date attribute is compared; negative modifiers wrap one of these in {@link Filter.Not}. */
public enum DateMatch {
  /** {@code due:today}: on the same day, in the person's zone (Taskwarrior 2.6). */
  SAME_DAY,
  /** {@code .is}/{@code .equals}: the very same second. */
  IS,
  /** {@code .before}/{@code .below}/{@code .under}: strictly earlier. */
  BEFORE,
  /** {@code .after}/{@code .above}/{@code .over}: strictly later. */
  AFTER,
  /** {@code .by}: earlier or the same second. */
  BY,
  /** {@code .none} or an empty value: the attribute is unset. */
  NONE
}
