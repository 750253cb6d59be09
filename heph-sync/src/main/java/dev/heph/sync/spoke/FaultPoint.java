package dev.heph.sync.spoke;

/**
 * Places in a sync where a test may inject a crash (by throwing). Production code passes
 * {@link #NONE}; the simulation uses it to prove that a crash at any of these points loses nothing.
 */
@FunctionalInterface
public interface FaultPoint {
  /** Inside the transaction that applies a pulled page, after the ops, before the cursor. */
  String PULL_APPLIED = "pull-applied";
  /** After the hub acknowledged a push, before the push cursor is recorded. */
  String PUSH_ACKED = "push-acked";

  void reached(String point);

  FaultPoint NONE = point -> {};
}
