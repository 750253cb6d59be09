package dev.heph.sync;

/** Sync protocol v1 constants: the version spoken and the bounds both sides enforce. */
public final class Protocol {
  private Protocol() {}

  /** The protocol version this build speaks. */
  public static final int VERSION = 1;

  /** Most ops in one push; a larger batch is refused with 413. */
  public static final int MAX_PUSH_OPS = 1000;

  /** Largest push body in bytes; a larger body is refused with 413 before it is read whole. */
  public static final int MAX_PUSH_BYTES = 4 << 20;

  /** Most ops in one pull page; larger {@code limit}s are capped to this. */
  public static final int MAX_PULL_LIMIT = 5000;

  /**
   * Most bytes of op JSON in one pull page: the hub adds no op that would pass it, except the
   * first, so a page holds at least one op and the largest op still gets through alone.
   */
  public static final int PULL_PAGE_BYTES = 4 << 20;

  /** The page size a spoke asks for. */
  public static final int PULL_PAGE = 5000;

  /** Largest push body a spoke builds (well under the hub's limit). */
  public static final int PUSH_BATCH_BYTES = 1 << 20;
}
