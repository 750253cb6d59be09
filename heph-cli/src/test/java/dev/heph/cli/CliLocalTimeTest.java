package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.HephCli;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every human view prints instants in local time to the minute, with how long ago; {@code --json}
 * keeps ISO-8601 UTC. The node is made by a device whose clock is 3 hours behind, so it reads as
 * made 3 hours ago, and the zone (+05:30) tells local time from UTC.
 */
class CliLocalTimeTest {
  private static final String ZONE = "Asia/Kolkata";
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  @TempDir Path dir;

  @Test
  void showPrintsLocalTimeAndHowLongAgoWhileJsonStaysUtc() {
    HephCli past = new HephCli(dir, List.of("-Dheph.test.clock-offset=-PT3H")).env("TZ", ZONE);
    HephCli cli = new HephCli(dir).env("TZ", ZONE);
    Path db = dir.resolve("time.db");
    past.on(db, "add", "Made three hours ago").ok();

    Map<String, Object> node = Shapes.node(cli.on(db, "show", "1", "--json").ok().json());
    String created = (String) node.get("created");
    assertThat(created).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    String local = MINUTE.format(Instant.parse(created).atZone(ZoneId.of(ZONE)));

    List<String> lines = cli.on(db, "show", "1").ok().outLines();
    assertThat(lines).contains("created:   " + local + " (3h ago)", "updated:   " + local + " (3h ago)");
    assertThat(String.join("\n", lines)).doesNotContain("Z)").doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d\\.");
  }

  @Test
  void daemonStatusSaysWhenInLocalTimeAndRelativeToNow() {
    Instant lastSync = Instant.now().minus(Duration.ofHours(2)).minusSeconds(30);
    Instant next = Instant.now().plus(Duration.ofMinutes(10)).plusSeconds(30);
    String status = """
        {"running":true,"mode":"local","pid":42,"uptime_s":7,"db":"/tmp/x.db","socket":"/tmp/s",
         "sync":{"enabled":true,"hub_url":"http://127.0.0.1:7878","last_success":"%s","last_error":null,
                 "next_sync":"%s","pending_push":0,"last_check":"%s"}}""".formatted(lastSync, next, lastSync);
    String text = DaemonStatusText.describe(status);
    assertThat(text).contains("last sync: " + When.local(lastSync) + " (2h ago)")
        .contains("next sync " + When.local(next) + " (in 10m)")
        .contains("last check: " + When.local(lastSync) + " (2h ago)")
        .doesNotContain(lastSync.toString());
  }

  @Test
  void relativeTimesAreRoundedDownToOneUnit() {
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    assertThat(When.relative(now, now)).isEqualTo("just now");
    assertThat(When.relative(now.minusSeconds(40), now)).isEqualTo("40s ago");
    assertThat(When.relative(now.minusSeconds(59 * 60 + 59), now)).isEqualTo("59m ago");
    assertThat(When.relative(now.minus(Duration.ofHours(3)), now)).isEqualTo("3h ago");
    assertThat(When.relative(now.minus(Duration.ofDays(2)).minusSeconds(5), now)).isEqualTo("2d ago");
    assertThat(When.relative(now.plus(Duration.ofMinutes(5)), now)).isEqualTo("in 5m");
  }
}
