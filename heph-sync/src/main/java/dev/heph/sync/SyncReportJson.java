package dev.heph.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.heph.core.json.JsonText;
import dev.heph.sync.spoke.RestampReport;
import dev.heph.sync.spoke.SyncReport;
import java.io.IOException;

/**
 * The JSON shape of a sync's report, defined once for {@code heph sync --json} and the daemon's
 * {@code sync.now}: {@code {"hub","pulled","applied","pushed","reset"}}, and after a re-stamp
 * also {@code "restamped"} and {@code "nodes"}.
 */
public final class SyncReportJson {
  private SyncReportJson() {}

  public static String of(SyncReport r) {
    return JsonText.of(g -> {
      g.writeStartObject();
      writeFields(g, r);
      g.writeEndObject();
    });
  }

  public static String of(RestampReport r) {
    return JsonText.of(g -> {
      g.writeStartObject();
      writeFields(g, r.sync());
      g.writeNumberField("restamped", r.restamped());
      g.writeNumberField("nodes", r.nodes());
      g.writeEndObject();
    });
  }

  private static void writeFields(JsonGenerator g, SyncReport r) throws IOException {
    g.writeStringField("hub", r.hub());
    g.writeNumberField("pulled", r.pulled());
    g.writeNumberField("applied", r.applied());
    g.writeNumberField("pushed", r.pushed());
    g.writeBooleanField("reset", r.reset());
  }
}
