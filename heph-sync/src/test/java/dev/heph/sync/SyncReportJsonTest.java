package dev.heph.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.sync.spoke.RestampReport;
import dev.heph.sync.spoke.SyncReport;
import org.junit.jupiter.api.Test;

/**
 * The one JSON shape of a sync report ({@code heph sync --json} and the daemon's {@code sync.now}
 * print it): keys in this order, no spaces, as documented.
 */
class SyncReportJsonTest {
  @Test
  void aSync() {
    assertThat(SyncReportJson.of(new SyncReport("http://127.0.0.1:7878", 12, 3, 4, true)))
        .isEqualTo("{\"hub\":\"http://127.0.0.1:7878\",\"pulled\":12,\"applied\":3,\"pushed\":4,\"reset\":true}");
  }

  @Test
  void aRestampAddsItsCountsAfterTheSync() {
    SyncReport sync = new SyncReport("https://hub.example/heph", 0, 0, 7, false);
    assertThat(SyncReportJson.of(new RestampReport(sync, 7, 2)))
        .isEqualTo("{\"hub\":\"https://hub.example/heph\",\"pulled\":0,\"applied\":0,\"pushed\":7,\"reset\":false,"
            + "\"restamped\":7,\"nodes\":2}");
  }
}
