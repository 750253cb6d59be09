package dev.heph.daemon.local;

import dev.heph.core.DaemonFile;
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
import java.util.Optional;

/**
 * One daemon per database: an OS lock on {@code DB.hephd.lock} (0600; it holds the daemon's pid
 * and, in local mode, its socket: {@link DaemonFile}),
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
      return lock(db, DaemonFile.of(db));
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
        Optional<DaemonFile> holder = DaemonFile.parse(Files.readString(file, StandardCharsets.UTF_8));
        channel.close();
        throw new DaemonFailure(Kind.DAEMON_RUNNING, "another hephd"
            + holder.map(h -> " (pid " + h.pid() + ")").orElse("") + " is already serving " + db.toAbsolutePath(), null);
      }
      DaemonLock held = new DaemonLock(channel, lock);
      held.write(new DaemonFile(ProcessHandle.current().pid(), Optional.empty()));
      return held;
    } catch (IOException e) {
      throw new DaemonFailure(Kind.LOCK_UNUSABLE, "cannot take the daemon lock " + file + ": "
          + e.getMessage(), e);
    }
  }

  /** Local mode, once the socket listens: names it in the file, for {@code heph daemon status}. */
  public void announce(Path socket) {
    try {
      write(new DaemonFile(ProcessHandle.current().pid(), Optional.of(socket.toAbsolutePath())));
    } catch (IOException e) {
      throw new DaemonFailure(Kind.LOCK_UNUSABLE, "cannot write the daemon lock: " + e.getMessage(), e);
    }
  }

  private void write(DaemonFile content) throws IOException {
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(content.text().getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(false);
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
