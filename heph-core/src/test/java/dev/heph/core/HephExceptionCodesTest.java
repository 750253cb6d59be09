package dev.heph.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The sub-codes of store, sync and daemon failures are public (scripts match on them, and they
 * reach JSON-RPC and HTTP error bodies): each enum constant keeps exactly its code.
 */
class HephExceptionCodesTest {
  @Test
  void storeFailureCodes() {
    assertThat(Arrays.stream(HephException.StoreFailure.Kind.values()).map(HephException.StoreFailure.Kind::code))
        .containsExactly("not_heph_database", "schema_too_new", "store_unusable", "store_read_only", "store_full",
            "store_busy", "store_damaged", "store_io_error", "store_error");
    assertThat(new HephException.StoreFailure(HephException.StoreFailure.Kind.STORE_FULL, "m", null).code())
        .isEqualTo("store_full");
  }

  @Test
  void syncFailureCodes() {
    assertThat(Arrays.stream(HephException.SyncFailure.Kind.values()).map(HephException.SyncFailure.Kind::code))
        .containsExactly("hub_unreachable", "not_a_hub", "protocol_unsupported", "hub_refused", "bad_response",
            "history_unstable", "clock_ahead", "restamp_refused", "interrupted", "tls_failed", "unauthorized");
    for (HephException.SyncFailure.Kind kind : HephException.SyncFailure.Kind.values()) {
      HephException.SyncFailure failure = new HephException.SyncFailure(kind, "m", null);
      assertThat(failure.kind()).isEqualTo(kind);
      assertThat(failure.code()).isEqualTo(kind.code());
    }
  }

  @Test
  void daemonFailureCodes() {
    assertThat(Arrays.stream(HephException.DaemonFailure.Kind.values()).map(HephException.DaemonFailure.Kind::code))
        .containsExactly("daemon_running", "lock_unusable", "socket_unusable", "address_unusable",
            "oidc_provider_unusable");
  }

  @Test
  void undoRefusedCodes() {
    assertThat(Arrays.stream(HephException.UndoRefused.Kind.values()).map(HephException.UndoRefused.Kind::code))
        .containsExactly("nothing_to_undo", "later_change");
  }
}
