package dev.heph.sync.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Query strings are percent-decoded strictly: escapes of bytes that are not UTF-8 are a bad query. */
class QueryTest {

  @Test
  void decodesEscapesPlusAndRawText() {
    assertThat(Query.parse("after=12&at=001%2D00002&limit=5"))
        .isEqualTo(Map.of("after", "12", "at", "001-00002", "limit", "5"));
    assertThat(Query.parse("a=x+y%20z&b=%E2%82%AC%F0%9F%98%80&c=\u00e9")).isEqualTo(Map.of("a", "x y z", "b",
        "\u20ac\uD83D\uDE00", "c", "\u00e9"));
  }

  @Test
  void escapesOfBytesThatAreNotUtf8AreRefusedNotReplaced() {
    // URLDecoder made U+FFFD of these, and a changed cursor was answered "history changed" (409).
    for (String bad : new String[] {"%ED%A0%80", "%C0%AF", "%FF", "%E2%82", "%F4%90%80%80"}) {
      assertThatThrownBy(() -> Query.parse("after=1&at=" + bad)).as(bad).isInstanceOf(Query.BadQuery.class)
          .hasMessageStartingWith("malformed query string: not valid UTF-8: ");
    }
  }

  @Test
  void aBrokenEscapeIsRefused() {
    for (String bad : new String[] {"%", "%4", "%zz", "x%4g"}) {
      assertThatThrownBy(() -> Query.parse("at=" + bad)).as(bad).isInstanceOf(Query.BadQuery.class)
          .hasMessage("malformed query string: '%' must be followed by two hex digits");
    }
  }
}
