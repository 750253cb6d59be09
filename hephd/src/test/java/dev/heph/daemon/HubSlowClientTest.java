package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.sync.spoke.HubTrust;
import dev.heph.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred clients that send their requests slowly (slowloris) against a real hub: the hub
 * keeps answering a normal client at once, and cuts each slow one off once it falls below the
 * minimum rate after the grace period (shortened here to {@value #GRACE_MILLIS} ms by the test
 * knob; the default is 20 s). Over HTTPS too, where a kept-alive connection in steady use stays.
 */
@Timeout(120)
class HubSlowClientTest {
  private static final int GRACE_MILLIS = 2_000;
  /** More than Jetty's default of 200 concurrent tasks, which slow bodies used to exhaust. */
  private static final int SLOW_CLIENTS = 300;

  @TempDir
  Path dir;
  HubProcess hub;
  final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void cleanUp() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void slowBodiesNeitherStarveOthersNorStay() throws Exception {
    hub = HubProcess.start(dir.resolve("hub.db"), List.of("-Dhephd.slowClientGraceMillis=" + GRACE_MILLIS),
        List.of("--http-addr", "127.0.0.1:0"));
    String head = "POST /sync/push HTTP/1.1\r\nHost: 127.0.0.1:" + hub.port()
        + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"ops\":[";
    long start = System.nanoTime();
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      Socket s = new Socket("127.0.0.1", hub.port());
      s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      sockets.add(s);
    }
    // Keep trickling a byte per client every 200 ms: never idle, far below the minimum rate.
    Thread trickle = Thread.ofPlatform().daemon().start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        for (Socket s : sockets) {
          try {
            s.getOutputStream().write(' ');
          } catch (IOException e) {
            // cut off: expected
          }
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    try {
      Thread.sleep(500); // the slow requests are in the hub now
      long t0 = System.nanoTime();
      RawHttp.Reply info = RawHttp.send(hub.port(), "GET", "/sync/info", null, "Host: 127.0.0.1:" + hub.port());
      long millis = (System.nanoTime() - t0) / 1_000_000;
      assertThat(info.status()).isEqualTo(200);
      assertThat(millis).as("a normal client's answer while %d slow ones are connected", SLOW_CLIENTS)
          .isLessThan(GRACE_MILLIS);
      // Every slow client is cut off: its connection ends soon after the grace period.
      for (Socket s : sockets) {
        s.setSoTimeout(GRACE_MILLIS * 5);
        assertThat(readsToTheEnd(s.getInputStream())).as("a slow client was cut off").isTrue();
      }
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      assertThat(elapsed).as("all cut off by grace + slack").isLessThan(GRACE_MILLIS * 4L);
    } finally {
      trickle.interrupt();
    }
    // And the hub still serves.
    assertThat(RawHttp.send(hub.port(), "GET", "/sync/info", null, "Host: 127.0.0.1:" + hub.port()).status())
        .isEqualTo(200);
    assertThat(hub.stderr()).contains("closed a connection from");
  }

  @Test
  void slowHeadersAndSilentConnectionsAreCutOffToo() throws Exception {
    hub = HubProcess.start(dir.resolve("hub.db"), List.of("-Dhephd.slowClientGraceMillis=" + GRACE_MILLIS),
        List.of("--http-addr", "127.0.0.1:0"));
    long start = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      Socket s = new Socket("127.0.0.1", hub.port());
      if (i % 2 == 0) {
        s.getOutputStream().write("GET /sync/info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      }
      sockets.add(s);
    }
    for (Socket s : sockets) {
      s.setSoTimeout(GRACE_MILLIS * 5);
      assertThat(readsToTheEnd(s.getInputStream())).isTrue();
    }
    long elapsed = (System.nanoTime() - start) / 1_000_000;
    assertThat(elapsed).isBetween((long) GRACE_MILLIS - 100, GRACE_MILLIS * 4L);
  }

  @Test
  void overHttpsSilentConnectionsAreCutOffButABusyKeepAliveConnectionIsNot() throws Exception {
    TestCertificates ca = TestCertificates.newCa(dir, "heph");
    TestCertificates.Pair pair = ca.server("hub", "IP:127.0.0.1", "EC");
    hub = HubProcess.start(dir.resolve("hub.db"), List.of("-Dhephd.slowClientGraceMillis=" + GRACE_MILLIS),
        List.of("--http-addr", "127.0.0.1:0", "--tls-cert", pair.cert().toString(), "--tls-key",
            pair.key().toString()));
    // Silent: no TLS handshake at all.
    Socket silent = new Socket("127.0.0.1", hub.port());
    sockets.add(silent);
    // Busy: a request every 200 ms on one connection for three grace periods. (The TLS layer's
    // own byte counts must not be timed as a request that never ends.)
    SSLSocket busy = (SSLSocket) HubTrust.fromCaFile(ca.caCert).sslContext().getSocketFactory()
        .createSocket("127.0.0.1", hub.port());
    sockets.add(busy);
    busy.setSoTimeout(GRACE_MILLIS * 5);
    OutputStream out = busy.getOutputStream();
    InputStream in = busy.getInputStream();
    long start = System.nanoTime();
    int answered = 0;
    while (System.nanoTime() - start < GRACE_MILLIS * 3L * 1_000_000) {
      out.write(("GET /sync/info HTTP/1.1\r\nHost: 127.0.0.1:" + hub.port() + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readAnswer(in)).as("answer %d on the busy connection", answered).startsWith("HTTP/1.1 200");
      answered++;
      Thread.sleep(200);
    }
    assertThat(answered).isGreaterThan(10);
    silent.setSoTimeout(GRACE_MILLIS * 5);
    assertThat(readsToTheEnd(silent.getInputStream())).as("the silent connection was cut off").isTrue();
  }

  /** One HTTP answer with a Content-Length body, read from a kept-alive connection. */
  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head + " [closed]";
      }
      head.append((char) b);
    }
    java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    assertThat(length.find()).as("a Content-Length in %s", head).isTrue();
    in.readNBytes(Integer.parseInt(length.group(1)));
    return head.toString();
  }

  /** True when the hub closed the connection (end of stream or reset), false on a read timeout. */
  private static boolean readsToTheEnd(InputStream in) {
    byte[] buffer = new byte[4096];
    try {
      while (in.read(buffer) >= 0) {
        // an answer before the close is fine
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }
}
