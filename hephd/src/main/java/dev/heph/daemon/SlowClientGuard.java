package dev.heph.daemon;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the connections of clients that send or read too slowly to be anything but an attack
 * (slowloris), so that they cannot hold the hub's connections and threads. While a client is
 * sending a request (its headers, then its body) or reading the answer, it must move at least
 * {@code minBytesPerSecond} on average after a grace period: by {@code grace + bytes/minRate}
 * after the phase began, or the connection is closed. The hub's own work between reading a body
 * and answering is not timed. An idle keep-alive connection is closed after the grace period.
 */
final class SlowClientGuard implements Connection.Listener {
  private static final Logger LOG = LoggerFactory.getLogger("heph.hub");

  /** The bound: a phase gets {@code grace} plus one second per {@code minBytesPerSecond} it moved. */
  record Limits(Duration grace, long minBytesPerSecond) {}

  private final Limits limits;
  private final Scheduler scheduler;
  private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();

  SlowClientGuard(Limits limits, Scheduler scheduler) {
    this.limits = limits;
    this.scheduler = scheduler;
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof SslConnection) {
      // Over HTTPS the HTTP connection inside, opened at the same time, is what is timed (a slow
      // handshake holds its first request back); the TLS layer's own counts never see a request end.
      return;
    }
    awaitRequest(connection);
  }

  @Override
  public void onClosed(Connection connection) {
    Watch gone = watches.remove(connection);
    if (gone != null) {
      gone.cancel();
    }
  }

  /** The client is (about to be) sending request headers, or idle between requests. */
  void awaitRequest(Connection connection) {
    watch(connection, "request", connection::getBytesIn);
  }

  /** The request's headers have arrived; the hub's own work on it is not timed. */
  void requestReceived(Connection connection) {
    unwatch(connection);
  }

  /**
   * The request's body, timed while the handler reads it: from the first read to its end or its
   * close. Reading again after that (draining a refused body) is timed again.
   */
  InputStream timedBody(Connection connection, InputStream body) {
    return new FilterInputStream(body) {
      private boolean reading;

      private void start() {
        if (!reading) {
          reading = true;
          watch(connection, "request body", connection::getBytesIn);
        }
      }

      private int finishAt(int n) {
        if (n < 0) {
          stop();
        }
        return n;
      }

      private void stop() {
        if (reading) {
          reading = false;
          unwatch(connection);
        }
      }

      @Override
      public int read() throws IOException {
        start();
        return finishAt(super.read());
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        start();
        return finishAt(super.read(b, off, len));
      }

      @Override
      public void close() throws IOException {
        stop();
        super.close();
      }
    };
  }

  /** The answer is being written to the client. */
  void answering(Connection connection) {
    watch(connection, "answer", connection::getBytesOut);
  }

  private void watch(Connection connection, String phase, LongSupplier progress) {
    Watch watch = new Watch(connection, phase, progress, progress.getAsLong(), System.nanoTime());
    Watch previous = watches.put(connection, watch);
    if (previous != null) {
      previous.cancel();
    }
    watch.schedule(limits.grace().toNanos());
  }

  private void unwatch(Connection connection) {
    Watch previous = watches.remove(connection);
    if (previous != null) {
      previous.cancel();
    }
  }

  /** One timed phase of one connection; re-checks itself at the phase's current deadline. */
  private final class Watch {
    private final Connection connection;
    private final String phase;
    private final LongSupplier progress;
    private final long startBytes;
    private final long startNanos;
    private volatile Scheduler.Task task;

    Watch(Connection connection, String phase, LongSupplier progress, long startBytes, long startNanos) {
      this.connection = connection;
      this.phase = phase;
      this.progress = progress;
      this.startBytes = startBytes;
      this.startNanos = startNanos;
    }

    void schedule(long delayNanos) {
      task = scheduler.schedule(this::check, Math.max(delayNanos, TimeUnit.MILLISECONDS.toNanos(10)),
          TimeUnit.NANOSECONDS);
    }

    void cancel() {
      Scheduler.Task t = task;
      if (t != null) {
        t.cancel();
      }
    }

    private void check() {
      if (watches.get(connection) != this) {
        return; // the phase ended meanwhile
      }
      long moved = progress.getAsLong() - startBytes;
      long allowedNanos = limits.grace().toNanos() + moved * 1_000_000_000L / limits.minBytesPerSecond();
      long elapsed = System.nanoTime() - startNanos;
      if (elapsed < allowedNanos) {
        schedule(allowedNanos - elapsed);
        return;
      }
      if (watches.remove(connection, this)) {
        LOG.info("closed a connection from {}: {} bytes of its {} in {} ms, below {} bytes/s after {} s",
            connection.getEndPoint().getRemoteSocketAddress(), moved, phase, elapsed / 1_000_000,
            limits.minBytesPerSecond(), limits.grace().toSeconds());
        connection.getEndPoint().close();
      }
    }
  }
}
