package dev.heph.daemon.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** {@code POST /rpc} on a server-mode hephd: the same methods as the socket, one request per POST. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(90)
class HttpRpcTest {
  Path dir;
  DaemonProc server;
  HttpClient http;

  @BeforeAll
  void start() throws IOException {
    dir = Files.createTempDirectory(Path.of("/tmp"), "hd");
    server = DaemonProc.server(dir.resolve("hub.db"));
    http = HttpClient.newHttpClient();
  }

  @AfterAll
  void stop() throws IOException {
    if (http != null) {
      http.close();
    }
    if (server != null) {
      server.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(server.url() + "/rpc"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, Object> rpc(String method, Map<String, Object> params) throws Exception {
    HttpResponse<String> r = post(JsonTree.write(JsonTree.map("jsonrpc", "2.0", "id", 1, "method", method, "params",
        params)));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    Map<String, Object> response = JsonTree.obj(JsonTree.parse(r.body()));
    assertThat(response).containsEntry("jsonrpc", "2.0").containsEntry("id", 1L);
    return response;
  }

  @Test
  void nodeCreateThenNodeListOverHttp() throws Exception {
    Map<String, Object> created = JsonTree.obj(rpc("node.create", JsonTree.map("title", "Made over HTTP", "tags",
        List.of("http"), "priority", "M")).get("result"));
    assertThat(JsonTree.nodeKeys(created)).isEqualTo(JsonTree.NODE_KEYS);
    assertThat(created).containsEntry("title", "Made over HTTP").containsEntry("priority", "M");

    List<Map<String, Object>> listed = JsonTree.objs(rpc("node.list", JsonTree.map("tag", "http")).get("result"));
    assertThat(listed).containsExactly(created);
    assertThat(JsonTree.obj(rpc("node.get", JsonTree.map("id", created.get("id"))).get("result"))).isEqualTo(created);

    // The hub routes are still served beside /rpc.
    HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/sync/info")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(info.statusCode()).isEqualTo(200);
  }

  /** The same rule for text as on the socket: bad bytes are a parse error, a bad string invalid input. */
  @Test
  void textThatIsNotUnicodeIsRefusedOverHttp() throws Exception {
    String head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node.create\",\"params\":{\"tags\":[\"http-bad\"],"
        + "\"title\":\"a";
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.writeBytes(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.writeBytes(new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF});
    bytes.writeBytes("\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/rpc"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray()))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(JsonTree.obj(JsonTree.obj(JsonTree.parse(bad.body())).get("error"))).containsEntry("code", -32700L)
        .containsEntry("message", "not valid UTF-8: overlong encoding (0xE0 0x80) at byte " + head.length());

    HttpResponse<String> lone = post(head + "\\ud800\"}}");
    assertThat(JsonTree.obj(JsonTree.obj(JsonTree.parse(lone.body())).get("error"))).containsEntry("code", -32003L)
        .containsEntry("message", "params.title: text is not valid Unicode (unpaired surrogate U+D800 at char 1)");
    assertThat(JsonTree.objs(rpc("node.list", JsonTree.map("tag", "http-bad")).get("result"))).isEmpty();
  }

  @Test
  void errorsAndStatusOverHttp() throws Exception {
    HttpResponse<String> bad = post("{oops");
    assertThat(bad.statusCode()).isEqualTo(200);
    assertThat(JsonTree.obj(JsonTree.obj(JsonTree.parse(bad.body())).get("error"))).containsEntry("code", -32700L);

    assertThat(JsonTree.obj(rpc("node.get", JsonTree.map("id", "ffffffff")).get("error"))).containsEntry("code", -32001L);
    assertThat(JsonTree.obj(rpc("node.create", JsonTree.map()).get("error"))).containsEntry("code", -32602L);
    assertThat(JsonTree.obj(rpc("no.such", JsonTree.map()).get("error"))).containsEntry("code", -32601L);
    Map<String, Object> syncNow = JsonTree.obj(rpc("sync.now", JsonTree.map()).get("error"));
    assertThat(syncNow).containsEntry("code", -32003L);

    Map<String, Object> status = JsonTree.obj(rpc("daemon.status", JsonTree.map()).get("result"));
    assertThat(status).containsEntry("running", true).containsEntry("mode", "server").containsEntry("pid", server.pid())
        .containsEntry("url", "");
    assertThat(JsonTree.obj(status.get("sync"))).containsEntry("enabled", false);

    // A notification is run and answered with 204 and no body.
    HttpResponse<String> note = post("{\"jsonrpc\":\"2.0\",\"method\":\"node.create\",\"params\":{\"title\":\"Quiet\",\"tags\":[\"quiet\"]}}");
    assertThat(note.statusCode()).isEqualTo(204);
    assertThat(JsonTree.objs(rpc("node.list", JsonTree.map("tag", "quiet")).get("result"))).hasSize(1);

    HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/rpc")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
  }
}
