package dev.heph.daemon;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.Heph;
import dev.heph.core.HephException;
import dev.heph.core.json.JsonText;
import dev.heph.daemon.local.BackgroundSync;
import dev.heph.daemon.rpc.DaemonControl;
import dev.heph.sync.SyncReportJson;
import dev.heph.sync.SyncService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** The daemon's answers to sync.now, sync.status and daemon.status, in either mode. */
final class Control implements DaemonControl {
  private final String mode;
  private final Path db;
  private final String endpoint;
  private final Heph heph;
  private final BackgroundSync sync;
  private final Instant started = Instant.now();

  /** {@code sync} is null in server mode: a hub does not sync with another hub. */
  Control(String mode, Path db, String endpoint, Heph heph, BackgroundSync sync) {
    this.mode = mode;
    this.db = db.toAbsolutePath();
    this.endpoint = endpoint;
    this.heph = heph;
    this.sync = sync;
  }

  @Override
  public String syncNow() {
    if (sync == null) {
      throw new HephException.InvalidInput("this hephd is a hub (server mode); it does not sync with another hub");
    }
    return SyncReportJson.of(sync.syncNow());
  }

  @Override
  public String syncStatus() {
    return JsonText.of(this::writeSyncStatus);
  }

  private void writeSyncStatus(JsonGenerator g) throws IOException {
    g.writeStartObject();
    if (sync == null) {
      g.writeBooleanField("enabled", false);
      g.writeStringField("reason", "server mode: this hephd is the hub");
      g.writeEndObject();
      return;
    }
    BackgroundSync.Status s = sync.status(new SyncService(heph).status());
    g.writeBooleanField("enabled", s.hubUrl() != null);
    g.writeStringField("hub_url", s.hubUrl());
    g.writeStringField("last_attempt", text(s.lastAttempt()));
    g.writeStringField("last_success", text(s.lastSuccess()));
    g.writeStringField("last_error", s.lastError());
    g.writeNumberField("failures", s.failures());
    g.writeStringField("next_sync", text(s.nextSync()));
    g.writeNumberField("pending_push", s.stored().pendingPush());
    g.writeStringField("last_check", text(s.lastCheck()));
    g.writeStringField("damaged", s.damaged());
    g.writeObjectFieldStart("cursor");
    g.writeStringField("hub_id", s.stored().hubId());
    g.writeNumberField("pull_seq", s.stored().pullSeq());
    g.writeNumberField("push_seq", s.stored().pushSeq());
    g.writeEndObject();
    g.writeEndObject();
  }

  @Override
  public String daemonStatus() {
    return JsonText.of(g -> {
      g.writeStartObject();
      g.writeBooleanField("running", true);
      g.writeStringField("mode", mode);
      g.writeNumberField("pid", ProcessHandle.current().pid());
      g.writeStringField("db", db.toString());
      g.writeStringField(mode.equals("local") ? "socket" : "url", endpoint);
      g.writeStringField("started", started.toString());
      g.writeNumberField("uptime_s", Duration.between(started, Instant.now()).toSeconds());
      g.writeFieldName("sync");
      writeSyncStatus(g);
      g.writeEndObject();
    });
  }

  @Override
  public void changed() {
    if (sync != null) {
      sync.changed();
    }
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }


}
