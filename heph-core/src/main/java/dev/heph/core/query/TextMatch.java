package dev.heph.core.query;

/** How a text attribute is compared; negative modifiers wrap one of these in {@link Filter.Not}. */
public enum TextMatch {
  /**
   * {@code attr:value}: for {@code project}, that project or one under it ({@code Home} matches
   * {@code Home.Garden}, not {@code Homes}); for the others, starts with the value, as Taskwarrior.
   */
  EQUALS,
  /** {@code .is}/{@code .equals}: exactly the value. */
  IS,
  /** {@code .has}/{@code .contains}: contains the value. */
  HAS,
  /** {@code .startswith}/{@code .left}. */
  STARTSWITH,
  /** {@code .endswith}/{@code .right}. */
  ENDSWITH,
  /** {@code .none} or an empty value: the attribute is unset. */
  NONE
}
