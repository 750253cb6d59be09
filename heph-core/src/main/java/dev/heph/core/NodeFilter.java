package dev.heph.core;

/**
 * Which nodes {@code list} returns. By default the live ones: not deleted, and (for tasks) not
 * done or cancelled. Null fields do not filter.
 */
public record NodeFilter(boolean all, String kind, String status, String tag) {

  /** The default view: live nodes of every kind. */
  public static final NodeFilter LIVE = new NodeFilter(false, null, null, null);
}
