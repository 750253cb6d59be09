package dev.heph.sync.hub;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.op.Json;
import dev.heph.core.sync.HubStore;
import dev.heph.core.sync.LoggedOp;
import dev.heph.sync.wire.Wire;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Writes one pull page to the response as it reads the ops from the store, a chunk at a time: the
 * hub holds at most one chunk of a page, and a read transaction only while reading a chunk, never
 * while a slow client takes the bytes. The log is append-only, so reading on after the last op
 * written continues the same history. A page ends at {@code limit} ops, at {@code budget} bytes
 * of op JSON (the first op always goes, however large), or at the end of the log.
 */
final class PageWriter implements HubResponse.BodyWriter {
  /** Bytes of op JSON read per transaction (and so the most held at once, plus one op). */
  static final long CHUNK_BYTES = 256 << 10;

  private final HubStore store;
  private final long after;
  private final int limit;
  private final long budget;
  private final String epoch;

  PageWriter(HubStore store, long after, int limit, long budget, String epoch) {
    this.store = store;
    this.after = after;
    this.limit = limit;
    this.budget = budget;
    this.epoch = epoch;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      Wire.startPullPage(g);
      long next = after;
      int count = 0;
      long bytes = 0;
      while (count < limit) {
        Chunk chunk = read(next, limit - count, bytes);
        for (LoggedOp row : chunk.rows) {
          g.writeRawValue(row.json());
        }
        g.flush(); // the chunk goes out; the hub keeps none of it
        if (!chunk.rows.isEmpty()) {
          next = chunk.rows.getLast().seq();
        }
        count += chunk.rows.size();
        bytes += chunk.bytes;
        if (chunk.pageEnds) {
          break;
        }
      }
      boolean more = store.maxSeq() > next;
      Wire.endPullPage(g, next, more, epoch);
    }
  }

  /** Reads the next chunk of the page; {@code pageBytes} is what the page holds so far. */
  private Chunk read(long seq, int maxOps, long pageBytes) {
    Chunk chunk = new Chunk(pageBytes);
    store.scan(seq, maxOps, chunk);
    if (!chunk.full && chunk.rows.size() < maxOps) {
      chunk.pageEnds = true; // the log ends here
    }
    return chunk;
  }

  /** The rows of one chunk, taken while both the chunk and the page have room. */
  private final class Chunk implements Predicate<LoggedOp> {
    final List<LoggedOp> rows = new ArrayList<>();
    final long pageBytesBefore;
    long bytes;
    boolean full;
    boolean pageEnds;

    Chunk(long pageBytesBefore) {
      this.pageBytesBefore = pageBytesBefore;
    }

    @Override
    public boolean test(LoggedOp row) {
      if (bytes >= CHUNK_BYTES) {
        full = true;
        return false;
      }
      long size = utf8Length(row.json()) + 1; // and its comma
      boolean pageEmpty = pageBytesBefore == 0 && rows.isEmpty();
      if (!pageEmpty && pageBytesBefore + bytes + size > budget) {
        full = true;
        pageEnds = true;
        return false;
      }
      rows.add(row);
      bytes += size;
      return true;
    }
  }

  /** The UTF-8 length of {@code s}, without encoding it. */
  static long utf8Length(CharSequence s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
