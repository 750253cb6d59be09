package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-address slow-down of failing credentials: bounded in wait and in memory. */
class AuthThrottleTest {
  private final AuthThrottle throttle = new AuthThrottle(
      new AuthThrottle.Limits(2, Duration.ofSeconds(10), Duration.ofMillis(300), 3));

  private static long millisOf(InetAddress address, AuthThrottle throttle) throws InterruptedException {
    long start = System.nanoTime();
    throttle.awaitTurn(address);
    return (System.nanoTime() - start) / 1_000_000;
  }

  @Test
  void anAddressWaitsOnlyOnceItsFreeFailuresAreSpent() throws Exception {
    InetAddress attacker = InetAddress.getByName("192.0.2.1");
    InetAddress other = InetAddress.getByName("192.0.2.2");
    assertThat(millisOf(attacker, throttle)).isLessThan(100);
    throttle.failed(attacker);
    assertThat(millisOf(attacker, throttle)).isLessThan(100);
    throttle.failed(attacker);
    assertThat(millisOf(attacker, throttle)).isBetween(290L, 2_000L);
    assertThat(millisOf(other, throttle)).as("another address").isLessThan(100);
  }

  @Test
  void ipv6CountsPerSlash64AndTrackedAddressesAreCapped() throws Exception {
    throttle.failed(InetAddress.getByName("2001:db8:1:2::1"));
    throttle.failed(InetAddress.getByName("2001:db8:1:2::ffff"));
    assertThat(throttle.tracked()).isEqualTo(1);
    assertThat(millisOf(InetAddress.getByName("2001:db8:1:2::7"), throttle)).isBetween(290L, 2_000L);
    assertThat(millisOf(InetAddress.getByName("2001:db8:1:3::1"), throttle)).isLessThan(100);
    for (int i = 0; i < 10; i++) {
      throttle.failed(InetAddress.getByName("198.51.100." + i));
    }
    assertThat(throttle.tracked()).isEqualTo(3);
  }
}
