package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code heph daemon status} prints the daemon's result exactly as it wrote it, read by parsing the answer. */
class RpcAnswerTest {
  @Test
  void theResultIsTheExactTextOfItsValue() {
    String result = "{\"running\":true,\"db\":\"/a \\\"b\\\"/c\",\"sync\":{\"enabled\":false,\"x\":[1,{\"y\":null}]}}";
    assertThat(RpcAnswer.result("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + result + "}")).isEqualTo(result);
    assertThat(RpcAnswer.result("{\"result\":" + result + ",\"jsonrpc\":\"2.0\",\"id\":1}")).isEqualTo(result);
  }

  @Test
  void scalarResultsToo() {
    assertThat(RpcAnswer.result("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"a\\\"b\"}")).isEqualTo("\"a\\\"b\"");
    assertThat(RpcAnswer.result("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":1234}")).isEqualTo("1234");
    assertThat(RpcAnswer.result("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}")).isEqualTo("null");
  }

  @Test
  void anErrorIsNoResultEvenWhenItsMessageQuotesOne() {
    assertThat(RpcAnswer.result("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32003,"
        + "\"message\":\"bad \\\"result\\\":{} here\",\"data\":{\"code\":\"invalid_input\"}}}")).isNull();
    assertThat(RpcAnswer.result("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"message\":\"x\",\"result\":1}}")).isNull();
  }

  @Test
  void aLineThatIsNotAJsonObjectIsNoResult() {
    assertThat(RpcAnswer.result("hello")).isNull();
    assertThat(RpcAnswer.result("[1,2]")).isNull();
    assertThat(RpcAnswer.result("{\"result\":")).isNull();
    assertThat(RpcAnswer.result("")).isNull();
  }
}
