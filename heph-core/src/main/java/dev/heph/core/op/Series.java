package dev.heph.core.op;

/**
 * Where a task stands in a recurring series, the value of the {@code series} field: the series' id
 * (the id of its first task), the occurrence number ({@code 0} for the first) and the series'
 * anchor (the first task's due, which every later due is computed from). Stored as the text
 * {@code ID/N/ANCHOR}, e.g. {@code 0193...-...-.../3/2026-12-01}.
 */
public record Series(String id, long occurrence, String anchor) {

  /** Largest occurrence number: a daily series for 27,000 years. */
  public static final long MAX_OCCURRENCE = 9_999_999;

  public Series {
    if (!NodeId.isValid(id) || occurrence < 0 || occurrence > MAX_OCCURRENCE || !Moments.isMoment(anchor)) {
      throw new IllegalArgumentException("bad series " + id + "/" + occurrence + "/" + anchor);
    }
  }

  /** The first occurrence of a new series starting at the task {@code id}, due {@code anchor}. */
  public static Series startingAt(String id, String anchor) {
    return new Series(id, 0, anchor);
  }

  /** The series position after this one. */
  public Series next() {
    return new Series(id, occurrence + 1, anchor);
  }

  /** The stored text, {@code ID/N/ANCHOR}. */
  public String text() {
    return id + "/" + occurrence + "/" + anchor;
  }

  /** The series position this stored text names, or null when it is not one. */
  public static Series parse(String text) {
    if (text.length() < 36 + 2 + 1 + 10 || text.charAt(36) != '/') {
      return null;
    }
    int slash = text.indexOf('/', 37);
    if (slash < 0) {
      return null;
    }
    String n = text.substring(37, slash);
    if (n.isEmpty() || n.length() > 7 || (n.length() > 1 && n.charAt(0) == '0') || !n.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    String id = text.substring(0, 36);
    String anchor = text.substring(slash + 1);
    if (!NodeId.isValid(id) || !Moments.isMoment(anchor)) {
      return null;
    }
    return new Series(id, Long.parseLong(n), anchor);
  }
}
