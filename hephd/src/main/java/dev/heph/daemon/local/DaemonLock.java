package dev.heph.daemon.local;

import dev.heph.core.HephException.DaemonFailure;
import dev.heph.core.HephException.DaemonFailure.Kind;
import dev.heph.core.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One daemon per database: an OS lock on {@code DB.hephd.lock} (0600, it holds the daemon's pid),
 * held for the daemon's life and released by the kernel even when the daemon is killed, so a stale
 * lock never blocks a restart.
 */
public final class DaemonLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DaemonLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock for {@code db}, or explains which daemon holds it. */
  public static DaemonLock acquire(Path db) {
    try {
      // Through the real path: a symlink to the database must find the same lock.
      Path real = Files.exists(db) ? db.toRealPath() : db.toAbsolutePath();
      Path file = real.resolveSibling(real.getFileName() + ".hephd.lock");
      return lock(db, file);
    } catch (IOException e) {
      throw new DaemonFailure(Kind.LOCK_UNUSABLE, "cannot take the daemon lock for " + db + ": "
          + e.getMessage(), e);
    }
  }

  private static DaemonLock lock(Path db, Path file) {
    try {
      PrivateFiles.createDirectories(file.getParent());
      PrivateFiles.createFile(file);
      PrivateFiles.tighten(file).ifPresent(notice -> System.err.println("hephd: " + notice));
      FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
        channel.close();
        throw new DaemonFailure(Kind.DAEMON_RUNNING, "another hephd"
            + (holder.isEmpty() ? "" : " (pid " + holder + ")") + " is already serving " + db.toAbsolutePath(), null);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
      channel.force(false);
      return new DaemonLock(channel, lock);
    } catch (IOException e) {
      throw new DaemonFailure(Kind.LOCK_UNUSABLE, "cannot take the daemon lock " + file + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // The kernel releases the lock with the process anyway.
    }
  }
}
