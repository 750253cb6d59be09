package dev.heph.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which {@code Host} headers a hub answers to, for each kind of address it can listen on. */
class AllowedHostsTest {
  @Test
  void aLoopbackHubAnswersToItsLoopbackNamesWithItsPortOnly() {
    AllowedHosts hosts = AllowedHosts.of(InetAddress.ofLiteral("127.0.0.1"), "127.0.0.1", 7878, List.of());
    assertThat(List.of("127.0.0.1:7878", "localhost:7878", "LOCALHOST:7878", "[::1]:7878", "127.0.0.1", "[::1]"))
        .allMatch(hosts::permits);
    assertThat(List.of("evil.example:7878", "127.0.0.1:7879", "localhost:", "127.0.0.2:7878", "[::1]:1", "",
        "localhost.:7878", "192.0.2.1:7878")).noneMatch(hosts::permits);
    assertThat(hosts.permits(null)).isFalse();
  }

  @Test
  void aHubBoundByNameAnswersToTheNameAndTheAddressItResolvedTo() {
    AllowedHosts hosts = AllowedHosts.of(InetAddress.ofLiteral("192.0.2.5"), "hub.lan", 7878, List.of());
    assertThat(List.of("hub.lan:7878", "HUB.LAN", "192.0.2.5:7878")).allMatch(hosts::permits);
    assertThat(List.of("localhost:7878", "127.0.0.1:7878", "192.0.2.6:7878", "hub.lan:80")).noneMatch(hosts::permits);
  }

  @Test
  void aWildcardHubAnswersToAnyIpLiteralButNoForeignName() {
    AllowedHosts hosts = AllowedHosts.of(InetAddress.ofLiteral("0.0.0.0"), "0.0.0.0", 7878, List.of("hub.example"));
    assertThat(List.of("192.0.2.5:7878", "[2001:db8::1]:7878", "localhost:7878", "hub.example:443", "hub.example"))
        .allMatch(hosts::permits);
    assertThat(List.of("192.0.2.5:80", "evil.example:7878", "1.2.3.4.nip.io:7878", "999.1.1.1:7878",
        "hub.example.evil:7878")).noneMatch(hosts::permits);
  }
}
