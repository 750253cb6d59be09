package dev.heph.daemon.rpc;

import com.fasterxml.jackson.core.JsonParser;
import dev.heph.core.Changes;
import dev.heph.core.Conflict;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.NewNode;
import dev.heph.core.NodeFilter;
import dev.heph.core.NodeView;
import dev.heph.core.json.JsonText;
import dev.heph.core.json.NodeJson;
import dev.heph.core.op.Json;
import dev.heph.core.text.Unicode;
import dev.heph.core.text.Utf8;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * JSON-RPC 2.0 over the {@link Heph} facade: one request in, one response out (none for a
 * notification). Each method is a thin call of the facade the CLI uses, and answers in the same
 * JSON shapes as the CLI's {@code --json}. Calls may come from many threads: the facade's store
 * serializes them on its connection.
 */
public final class Rpc {
  /** A method: the params it takes and what it does with them (returns a JSON text). */
  private record Method(Set<String> params, boolean writes, Function<Params, String> call) {}

  private final Heph heph;
  private final DaemonControl daemon;
  private final Map<String, Method> methods;

  public Rpc(Heph heph, DaemonControl daemon) {
    this.heph = heph;
    this.daemon = daemon;
    this.methods = Map.ofEntries(
        Map.entry("node.create", new Method(Set.of("title", "kind", "body", "tags", "due", "priority", "parent",
            "project", "scheduled", "wait", "until", "depends", "udas"), true,
            p -> heph.add(new NewNode(p.optionalString("kind"), p.string("title"), p.optionalString("body"),
                p.strings("tags"), p.optionalString("due"), p.optionalString("priority"), p.optionalString("parent"),
                p.optionalString("project"), p.optionalString("scheduled"), p.optionalString("wait"),
                p.optionalString("until"), p.strings("depends"), p.stringMap("udas")), NodeView.JSON))),
        Map.entry("node.get", new Method(Set.of("id"), false, p -> heph.get(p.string("id"), NodeView.JSON))),
        Map.entry("node.list", new Method(Set.of("all", "kind", "status", "tag"), false, p -> {
          StringJoiner out = new StringJoiner(",", "[", "]");
          heph.list(new NodeFilter(p.flag("all"), p.optionalString("kind"), p.optionalString("status"),
              p.optionalString("tag")), NodeView.JSON, out::add);
          return out.toString();
        })),
        Map.entry("node.update", new Method(Set.of("id", "title", "body", "status", "due", "priority", "add_tags",
            "remove_tags", "project", "scheduled", "wait", "until", "add_depends", "remove_depends", "udas"), true,
            p -> heph.update(p.string("id"), new Changes(p.optionalString("title"),
                p.optionalString("body"), p.optionalString("status"), p.optionalString("due"),
                p.optionalString("priority"), p.strings("add_tags"), p.strings("remove_tags"),
                p.optionalString("project"), p.optionalString("scheduled"), p.optionalString("wait"),
                p.optionalString("until"), p.strings("add_depends"), p.strings("remove_depends"),
                p.stringMap("udas")), NodeView.JSON))),
        Map.entry("node.annotate", new Method(Set.of("id", "text"), true,
            p -> heph.annotate(p.string("id"), p.string("text"), NodeView.JSON))),
        Map.entry("task.start", new Method(Set.of("id"), true, p -> heph.start(p.string("id"), NodeView.JSON))),
        Map.entry("task.stop", new Method(Set.of("id"), true, p -> heph.stop(p.string("id"), NodeView.JSON))),
        Map.entry("node.delete", new Method(Set.of("id"), true, p -> heph.delete(p.string("id"), NodeView.JSON))),
        Map.entry("node.restore", new Method(Set.of("id"), true, p -> heph.restore(p.string("id"), NodeView.JSON))),
        Map.entry("task.done", new Method(Set.of("id"), true, p -> heph.done(p.string("id"), NodeView.JSON))),
        Map.entry("link.add", new Method(Set.of("id", "to", "type"), true,
            p -> heph.link(p.string("id"), p.string("to"), p.optionalString("type"), NodeView.JSON))),
        Map.entry("link.remove", new Method(Set.of("id", "to", "type"), true,
            p -> heph.unlink(p.string("id"), p.string("to"), p.optionalString("type"), NodeView.JSON))),
        Map.entry("search", new Method(Set.of("query"), false,
            p -> "[" + String.join(",", heph.search(p.string("query"), NodeView.JSON)) + "]")),
        // The full check reads the whole database: other calls wait for it (about a second per 10,000 nodes).
        Map.entry("check", new Method(Set.of(), false, p -> heph.check().json())),
        Map.entry("conflicts.list", new Method(Set.of(), false, p -> conflicts(heph.conflicts()))),
        Map.entry("conflicts.resolve", new Method(Set.of("id", "field", "value", "pick"), true,
            p -> heph.resolve(p.string("id"), p.string("field"), p.optionalString("value"),
                p.optionalString("pick"), NodeView.JSON))),
        // sync.now runs on the background sync's own connection: no need to hold up other calls.
        Map.entry("sync.now", new Method(Set.of(), false, p -> daemon.syncNow())),
        Map.entry("sync.status", new Method(Set.of(), false, p -> daemon.syncStatus())),
        Map.entry("daemon.status", new Method(Set.of(), false, p -> daemon.daemonStatus())));
  }

  /** Waits for the call in progress (its transaction finishes), then closes the facade. */
  public void close() {
    heph.close();
  }

  /** The names of the methods, sorted (for docs and errors). */
  public List<String> methodNames() {
    return methods.keySet().stream().sorted().toList();
  }

  /**
   * Handles one request as the bytes that came in: strict UTF-8 ({@link Utf8}), or a parse error
   * naming the first bad byte. Returns the response text, or null for a notification.
   */
  public String handle(byte[] request, int offset, int length) {
    String text;
    try {
      text = Utf8.decode(request, offset, length);
    } catch (Utf8.Malformed e) {
      return error(null, new RpcError(RpcError.PARSE_ERROR, "parse_error", "not valid UTF-8: " + e.getMessage()));
    }
    return handle(text);
  }

  /** Handles one request text; returns the response text, or null for a notification. */
  public String handle(String requestText) {
    Map<String, Object> request;
    try (JsonParser p = Json.FACTORY.createParser(requestText)) {
      if (p.nextToken() == null) {
        return error(null, new RpcError(RpcError.INVALID_REQUEST, "invalid_request", "empty request"));
      }
      Object value = JsonValues.read(p);
      if (p.nextToken() != null) {
        return error(null, new RpcError(RpcError.PARSE_ERROR, "parse_error", "trailing content after the request"));
      }
      if (!(value instanceof Map<?, ?> map)) {
        return error(null, new RpcError(RpcError.INVALID_REQUEST, "invalid_request",
            "a request must be a JSON object (batches are not supported)"));
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) map;
      request = m;
    } catch (IOException e) {
      return error(null, new RpcError(RpcError.PARSE_ERROR, "parse_error", "not valid JSON: " + Json.problem(e)));
    }
    Object id = request.get("id");
    if (id != null && !(id instanceof String) && !(id instanceof Long)) {
      return error(null, new RpcError(RpcError.INVALID_REQUEST, "invalid_request", "id must be a string, an integer or null"));
    }
    if (id instanceof String s && Unicode.problem(s) != null) { // it could not be answered back unchanged
      return error(null, new RpcError(RpcError.INVALID_REQUEST, "invalid_request",
          "id: text is not valid Unicode (" + Unicode.problem(s) + ")"));
    }
    try {
      checkEnvelope(request);
    } catch (RpcError e) {
      return error(id, e); // an invalid request is answered even without an id: it is no notification
    }
    boolean notification = !request.containsKey("id");
    String response;
    try {
      JsonValues.requireValidText(request, ""); // before any of it reaches the facade, or an answer
      response = success(id, call(request));
    } catch (RpcError e) {
      response = error(id, e);
    } catch (HephException e) {
      response = error(id, RpcError.of(e));
    } catch (RuntimeException | LinkageError e) {
      response = error(id, new RpcError(RpcError.INTERNAL_ERROR, "internal_error", "internal error: " + e));
    }
    return notification ? null : response;
  }

  private static void checkEnvelope(Map<String, Object> request) {
    if (!"2.0".equals(request.get("jsonrpc"))) {
      throw new RpcError(RpcError.INVALID_REQUEST, "invalid_request", "\"jsonrpc\" must be \"2.0\"");
    }
    for (String key : request.keySet()) {
      if (!Set.of("jsonrpc", "id", "method", "params").contains(key)) {
        throw new RpcError(RpcError.INVALID_REQUEST, "invalid_request", "unknown member '" + key + "'");
      }
    }
    if (!(request.get("method") instanceof String)) {
      throw new RpcError(RpcError.INVALID_REQUEST, "invalid_request", "\"method\" must be a string");
    }
  }

  private String call(Map<String, Object> request) {
    String name = (String) request.get("method");
    Method method = methods.get(name);
    if (method == null) {
      throw new RpcError(RpcError.METHOD_NOT_FOUND, "method_not_found", "unknown method '" + name + "' (methods: "
          + String.join(", ", methodNames()) + ")");
    }
    Object rawParams = request.get("params");
    if (rawParams != null && !(rawParams instanceof Map)) {
      throw RpcError.invalidParams(name + ": params must be an object (by name)");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> params = rawParams == null ? Map.of() : (Map<String, Object>) rawParams;
    Params checked = new Params(name, params, method.params());
    String result = method.call().apply(checked);
    if (method.writes()) {
      daemon.changed();
    }
    return result;
  }

  private static String conflicts(List<Conflict> conflicts) {
    return JsonText.of(g -> {
      g.writeStartArray();
      for (Conflict c : conflicts) {
        NodeJson.write(g, c);
      }
      g.writeEndArray();
    });
  }

  private static String success(Object id, String resultJson) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson(id) + ",\"result\":" + resultJson + "}";
  }

  public static String error(Object id, RpcError e) {
    return JsonText.of(g -> {
      g.writeStartObject();
      g.writeStringField("jsonrpc", "2.0");
      g.writeFieldName("id");
      g.writeRawValue(idJson(id));
      g.writeObjectFieldStart("error");
      g.writeNumberField("code", e.code());
      g.writeStringField("message", e.getMessage());
      g.writeObjectFieldStart("data");
      g.writeStringField("code", e.name());
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  private static String idJson(Object id) {
    return switch (id) {
      case null -> "null";
      case String s -> dev.heph.core.op.Json.quote(s);
      default -> id.toString();
    };
  }


}
