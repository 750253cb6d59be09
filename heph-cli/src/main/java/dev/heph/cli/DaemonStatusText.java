package dev.heph.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.op.Json;
import dev.heph.sync.SyncService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns daemon.status's JSON into a few readable lines. */
final class DaemonStatusText {
  private DaemonStatusText() {}

  static String describe(String json) {
    Map<String, String> f = flatten(json);
    StringBuilder sb = new StringBuilder();
    sb.append("hephd is running (pid ").append(f.get("pid")).append(", mode ").append(f.get("mode"))
        .append(", up ").append(f.get("uptime_s")).append(" s)\n");
    sb.append("  database: ").append(f.get("db")).append('\n');
    if (f.get("socket") != null) {
      sb.append("  socket:   ").append(f.get("socket")).append('\n');
    }
    if ("true".equals(f.get("sync.enabled"))) {
      sb.append("  hub:      ").append(f.get("sync.hub_url")).append('\n');
      sb.append("  last sync: ").append(orNever(f.get("sync.last_success")));
      if (f.get("sync.last_error") != null && f.get("sync.damaged") == null) { // damage has its own lines below
        sb.append("; last error: ").append(f.get("sync.last_error"));
      }
      sb.append("\n  waiting to push: ").append(f.get("sync.pending_push")).append(" ops; next sync ")
          .append(orNever(f.get("sync.next_sync")));
    } else {
      sb.append("  sync:     off (").append(f.getOrDefault("sync.reason", "no hub URL; run heph sync --hub-url URL once"))
          .append(')');
    }
    if (f.containsKey("sync.last_check") || f.containsKey("sync.damaged")) {
      sb.append("\n  last check: ").append(orNever(f.get("sync.last_check")));
    }
    if (f.get("sync.damaged") != null) {
      sb.append("\n  DAMAGED:  ").append(f.get("sync.damaged"))
          .append("\n  sync is stopped for this replica; ")
          .append(SyncService.recoveryAdvice(Path.of(f.get("db")), f.get("sync.hub_url")));
    }
    return sb.toString();
  }

  /** An instant of the status in local time and relative to now, or "never". */
  private static String orNever(String s) {
    return s == null ? "never" : When.localAndRelative(s, Instant.now());
  }

  /** Scalar fields by dotted path ("sync.hub_url"). */
  private static Map<String, String> flatten(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    try (JsonParser p = Json.FACTORY.createParser(json)) {
      p.nextToken();
      walk(p, "", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void walk(JsonParser p, String prefix, Map<String, String> out) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = prefix + p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.START_OBJECT) {
        walk(p, key + ".", out);
      } else if (t == JsonToken.START_ARRAY) {
        p.skipChildren();
      } else if (t != JsonToken.VALUE_NULL) {
        out.put(key, p.getText());
      }
    }
  }
}
