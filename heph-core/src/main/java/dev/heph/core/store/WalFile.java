package dev.heph.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Gives back the room a write that failed on a full disk took in the {@code -wal} file.
 *
 * <p>The frames a rolled-back transaction wrote stay in the file (SQLite overwrites them later
 * but never shrinks the file), and the checkpoint that would empty it must first grow the database
 * file by what earlier transactions committed, which needs the room those dead frames hold: the
 * disk stayed full after heph exited. Frames after the last commit frame are not part of the
 * database (SQLite's file format ignores them), so they are cut off, under the write lock, and the
 * log is then checkpointed and truncated.
 */
final class WalFile {
  private WalFile() {}

  private static final int HEADER = 32;
  private static final int FRAME_HEADER = 24;

  /** Best effort, after a failed write transaction was rolled back; the error is reported already. */
  static void reclaim(Connection conn, Path wal) {
    try (Statement st = conn.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      try {
        dropUncommittedTail(wal);
      } finally {
        st.execute("COMMIT");
      }
      st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException | IOException e) {
      // Still no room (or another process is busy with the database): the next run tries again.
    }
  }

  /**
   * Cuts the file after its last commit frame (of the current generation of the log: frames with
   * the header's salts). Keeps any frame a reader could need; may keep a few it does not.
   */
  static void dropUncommittedTail(Path wal) throws IOException {
    try (FileChannel ch = FileChannel.open(wal, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      if (size < HEADER) {
        return;
      }
      ByteBuffer header = read(ch, 0, HEADER);
      int magic = header.getInt(0);
      if (magic != 0x377f0682 && magic != 0x377f0683) {
        return;
      }
      long frame = FRAME_HEADER + (long) header.getInt(8);
      int salt1 = header.getInt(16);
      int salt2 = header.getInt(20);
      long end = HEADER;
      for (long at = HEADER; at + frame <= size; at += frame) {
        ByteBuffer f = read(ch, at, FRAME_HEADER);
        if (f.getInt(8) != salt1 || f.getInt(12) != salt2) {
          break;
        }
        if (f.getInt(4) != 0) { // a commit frame: it records the database's size after the commit
          end = at + frame;
        }
      }
      if (end < size) {
        ch.truncate(end);
      }
    } catch (NoSuchFileException e) {
      // no log: nothing to give back
    }
  }

  private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, at + b.position()) < 0) {
        break;
      }
    }
    return b.flip();
  }
}
