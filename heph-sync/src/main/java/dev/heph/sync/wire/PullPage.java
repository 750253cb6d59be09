package dev.heph.sync.wire;

import dev.heph.core.op.Op;
import java.util.List;

/**
 * {@code GET /sync/pull} answer: ops in seq order, the seq of the last one ({@code next}),
 * whether more follow, and the hub's epoch.
 */
public record PullPage(List<Op> ops, long next, boolean more, String epoch) {}
