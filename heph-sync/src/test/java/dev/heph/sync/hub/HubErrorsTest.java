package dev.heph.sync.hub;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.core.HephException;
import dev.heph.sync.wire.WireError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hub's one error map: the statuses docs/sync.md lists, and no heph error answered with a 500. */
class HubErrorsTest {
  @Test
  void everyHephErrorIsAnsweredUnderItsOwnCodeAndNeverWithA500() {
    List<HephException> errors = List.of(new HephException.NotFound("n"), new HephException.AmbiguousId("ab", List.of("a", "b")),
        new HephException.InvalidInput("i"), new HephException.InvalidOp("o"), new HephException.ClockDrift("c", 1),
        new HephException.ConflictNotFound("f"), new HephException.SyncFailure(HephException.SyncFailure.Kind.HUB_UNREACHABLE, "s", null),
        new HephException.StoreFailure(HephException.StoreFailure.Kind.STORE_FULL, "disk full", null),
        new HephException.DaemonFailure(HephException.DaemonFailure.Kind.LOCK_UNUSABLE, "d", null));
    for (HephException e : errors) {
      HubErrors.HttpError answer = HubErrors.of(new Refusal.Failed(e));
      assertThat(answer.status()).as(e.code()).isBetween(400, 599).isNotEqualTo(500);
      assertThat(answer.error().code()).isEqualTo(e.code());
    }
    assertThat(HubErrors.of(new Refusal.Failed(new HephException.InvalidOp("op x: bad")))).isEqualTo(
        new HubErrors.HttpError(400, new WireError("invalid_op", "op x: bad")));
    assertThat(HubErrors.of(new Refusal.Failed(new HephException.ClockDrift("too far", 1)))).isEqualTo(
        new HubErrors.HttpError(400, new WireError("clock_drift", "too far")));
    assertThat(HubErrors.of(new Refusal.Failed(new HephException.StoreFailure(HephException.StoreFailure.Kind.STORE_FULL,
        "disk full", null))))
        .isEqualTo(new HubErrors.HttpError(503, new WireError("store_full",
            "the hub cannot use its database right now: disk full")));
  }

  @Test
  void theHubsOwnRefusalsKeepTheirStatusesAndCodes() {
    assertThat(HubErrors.of(new Refusal.BadRequest("m"))).isEqualTo(error(400, "bad_request"));
    assertThat(HubErrors.of(new Refusal.Malformed(431, "m"))).isEqualTo(error(431, "bad_request"));
    assertThat(HubErrors.of(new Refusal.HostNotAllowed("m"))).isEqualTo(error(403, "host_not_allowed"));
    assertThat(HubErrors.of(new Refusal.OriginNotAllowed("m"))).isEqualTo(error(403, "origin_not_allowed"));
    assertThat(HubErrors.of(new Refusal.NoRoute("m"))).isEqualTo(error(404, "not_found"));
    assertThat(HubErrors.of(new Refusal.MethodNotAllowed("m"))).isEqualTo(error(405, "method_not_allowed"));
    assertThat(HubErrors.of(new Refusal.CursorMismatch("m"))).isEqualTo(error(409, "cursor_mismatch"));
    assertThat(HubErrors.of(new Refusal.BodyTooLarge("m"))).isEqualTo(error(413, "body_too_large"));
    assertThat(HubErrors.of(new Refusal.TooManyOps("m"))).isEqualTo(error(413, "too_many_ops"));
    assertThat(HubErrors.of(new Refusal.UnsupportedMediaType("m"))).isEqualTo(error(415, "unsupported_media_type"));
    // One answer for every reason a credential is refused: nothing to tell an unknown user from a revoked token.
    assertThat(HubErrors.of(new Refusal.Unauthorized()).response()).isEqualTo(new HubResponse(401,
        "{\"error\":{\"code\":\"unauthorized\",\"message\":\"this hub needs a valid device token: send"
            + " Authorization: Bearer TOKEN\"}}"));
    assertThat(HubErrors.of(new Refusal.Internal()).response().json())
        .isEqualTo("{\"error\":{\"code\":\"internal_error\",\"message\":\"internal error; see the hub's log\"}}");
  }

  private static HubErrors.HttpError error(int status, String code) {
    return new HubErrors.HttpError(status, new WireError(code, "m"));
  }
}
