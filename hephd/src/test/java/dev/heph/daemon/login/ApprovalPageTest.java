package dev.heph.daemon.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The approval page escapes every value it shows and carries the grant's form secret. */
class ApprovalPageTest {
  @Test
  void valuesAreEscaped() {
    assertThat(ApprovalPage.escape("<script>alert('x')</script>&\"")).isEqualTo(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
    String page = ApprovalPage.approve(new DeviceGrants.Waiting("BCDF-GHJK", "<img src=x onerror=1>", "s\"ecret",
        Instant.EPOCH), Instant.EPOCH, false, "<b>problem</b>");
    assertThat(page).doesNotContain("<img").doesNotContain("<b>problem").contains("&lt;img src=x onerror=1&gt;")
        .contains("value=\"s&quot;ecret\"").doesNotContain("<script").doesNotContain("identity provider");
    assertThat(ApprovalPage.approve(new DeviceGrants.Waiting("BCDF-GHJK", "laptop", "s", Instant.EPOCH),
        Instant.EPOCH, true, null)).contains("Sign in with the identity provider");
  }
}
