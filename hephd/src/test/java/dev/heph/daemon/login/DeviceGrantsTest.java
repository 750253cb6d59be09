package dev.heph.daemon.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.TestClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The device login's grants: codes, single use, expiry, polling pace, and the bounds. */
class DeviceGrantsTest {
  final TestClock clock = new TestClock(1_800_000_000_000L);
  final DeviceGrants grants = new DeviceGrants(clock);

  @Test
  void codesAreRandomAndUserCodesAreEightUnambiguousLetters() {
    Set<String> userCodes = new HashSet<>();
    Set<String> deviceCodes = new HashSet<>();
    for (int i = 0; i < DeviceGrants.MAX_LIVE; i++) {
      DeviceGrants.Started s = grants.start("laptop").orElseThrow();
      assertThat(s.userCode()).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
      assertThat(s.deviceCode()).matches("[A-Za-z0-9_-]{43}");
      assertThat(s.expiresIn()).isEqualTo(Duration.ofMinutes(10));
      assertThat(s.interval()).isEqualTo(Duration.ofSeconds(5));
      userCodes.add(s.userCode());
      deviceCodes.add(s.deviceCode());
    }
    assertThat(userCodes).hasSize(DeviceGrants.MAX_LIVE);
    assertThat(deviceCodes).hasSize(DeviceGrants.MAX_LIVE);
  }

  @Test
  void anApprovedLoginHandsOutItsTokenOnceAndMintsOnce() {
    DeviceGrants.Started s = grants.start("laptop").orElseThrow();
    assertThat(grants.poll(s.deviceCode())).isInstanceOf(DeviceGrants.Poll.Pending.class);
    DeviceGrants.Waiting w = grants.waiting(s.userCode().toLowerCase().replace("-", " ")).orElseThrow();
    assertThat(w.device()).isEqualTo("laptop");
    AtomicInteger minted = new AtomicInteger();
    assertThat(grants.approve(s.userCode(), "not the secret", () -> "heph_" + minted.incrementAndGet())).isFalse();
    assertThat(grants.approve(s.userCode(), w.formSecret(), () -> "heph_" + minted.incrementAndGet())).isTrue();
    assertThat(grants.approve(s.userCode(), w.formSecret(), () -> "heph_" + minted.incrementAndGet()))
        .as("approved already").isFalse();
    assertThat(minted).hasValue(1);
    clock.advance(5_000);
    assertThat(grants.poll(s.deviceCode())).isEqualTo(new DeviceGrants.Poll.Issued("heph_1"));
    assertThat(grants.poll(s.deviceCode())).as("single use").isInstanceOf(DeviceGrants.Poll.Unknown.class);
    assertThat(grants.waiting(s.userCode())).isEmpty();
  }

  @Test
  void pollingFasterThanTheIntervalSlowsTheDeviceDown() {
    DeviceGrants.Started s = grants.start("laptop").orElseThrow();
    assertThat(grants.poll(s.deviceCode())).isInstanceOf(DeviceGrants.Poll.Pending.class);
    clock.advance(4_999);
    assertThat(grants.poll(s.deviceCode())).isEqualTo(new DeviceGrants.Poll.SlowDown(Duration.ofSeconds(10)));
    clock.advance(9_000);
    assertThat(grants.poll(s.deviceCode())).isEqualTo(new DeviceGrants.Poll.SlowDown(Duration.ofSeconds(15)));
    clock.advance(15_000);
    assertThat(grants.poll(s.deviceCode())).isInstanceOf(DeviceGrants.Poll.Pending.class);
  }

  @Test
  void aLoginNobodyApprovesExpiresAfterTenMinutes() {
    DeviceGrants.Started s = grants.start("laptop").orElseThrow();
    String secret = grants.waiting(s.userCode()).orElseThrow().formSecret();
    clock.advance(Duration.ofMinutes(10).toMillis());
    assertThat(grants.waiting(s.userCode())).isEmpty();
    assertThat(grants.approve(s.userCode(), secret, () -> "heph_late")).isFalse();
    assertThat(grants.poll(s.deviceCode())).isInstanceOf(DeviceGrants.Poll.Expired.class);
    assertThat(grants.poll(s.deviceCode())).isInstanceOf(DeviceGrants.Poll.Unknown.class);
  }

  @Test
  void aDeniedLoginIsToldSoOnce() {
    DeviceGrants.Started s = grants.start("laptop").orElseThrow();
    String secret = grants.waiting(s.userCode()).orElseThrow().formSecret();
    assertThat(grants.deny(s.userCode(), "wrong")).isFalse();
    assertThat(grants.deny(s.userCode(), secret)).isTrue();
    assertThat(grants.poll(s.deviceCode())).isInstanceOf(DeviceGrants.Poll.Denied.class);
    assertThat(grants.poll(s.deviceCode())).isInstanceOf(DeviceGrants.Poll.Unknown.class);
  }

  @Test
  void atMostAHundredLoginsWaitAtOnce() {
    for (int i = 0; i < DeviceGrants.MAX_LIVE; i++) {
      assertThat(grants.start("d" + i)).isPresent();
    }
    assertThat(grants.start("one-more")).isEmpty();
    clock.advance(Duration.ofMinutes(10).toMillis());
    assertThat(grants.start("after-they-expired")).isPresent();
  }

  @Test
  void wrongCodesAreRationedPerMinute() {
    DeviceGrants.Started s = grants.start("laptop").orElseThrow();
    for (int i = 0; i < DeviceGrants.WRONG_CODES_PER_MINUTE; i++) {
      assertThat(grants.rationed()).isFalse();
      assertThat(grants.waiting("BBBB-BBB" + i)).isEmpty();
    }
    assertThat(grants.rationed()).isTrue();
    clock.advance(60_001);
    assertThat(grants.rationed()).isFalse();
    assertThat(grants.waiting(s.userCode())).isPresent();
  }
}
