package dev.heph.core.query;

import dev.heph.core.Heph;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.NodeId;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import dev.heph.core.time.Moment;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The filter tests' data set, built relative to a "now" and a zone: tasks with projects, tags,
 * dates of both forms (all-day and exact), statuses, a wait, a start, a dependency, and a note.
 * The same data goes into heph (as ops) and into Taskwarrior (as {@code task import} JSON).
 */
final class FilterData {

  /** One node of the set. Moments are heph's stored text (an ISO date or a UTC instant). */
  record Item(String title, String kind, String body, String status, boolean deleted, List<String> tags,
      String project, String priority, String due, String scheduled, String waitFor, String until, String start,
      String dependsOn) {}

  final Instant now;
  final ZoneId zone;
  final List<Item> items = new ArrayList<>();
  /** Title to heph id. */
  final Map<String, String> ids = new LinkedHashMap<>();

  FilterData(Instant now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
    LocalDate d = LocalDate.ofInstant(now, zone);
    task("Buy milk", null, "open", false, List.of("errand", "home"), "Home", "H", day(d, 0), null, null, null, null, null);
    task("Water the garden", null, "open", false, List.of("home"), "Home.Garden", null, day(d, 1), null, null, null,
        null, null);
    task("Call Homes agency", null, "open", false, List.of(), "Homes", null, day(d, 3), null, null, null, null, null);
    task("Write report", null, "open", false, List.of("work"), "Work", "M", day(d, -2), null, null, null, null, null);
    task("Review budget", "check oat milk prices", "open", false, List.of(), "Work", null,
        d.withDayOfMonth(d.lengthOfMonth()).toString(), null, null, null, null, null);
    task("Plan trip", null, "open", false, List.of("travel"), null, null, null, null, null, null, null, null);
    task("Old errand", null, "done", false, List.of("errand"), null, null, day(d, -5), null, null, null, null, null);
    task("Cancelled plan", null, "cancelled", false, List.of(), "Home", null, null, null, null, null, null, null);
    task("Deleted errand", null, "open", true, List.of("errand"), null, null, null, null, null, null, null, null);
    items.add(new Item("Meeting notes", "note", "milk supplier", null, false, List.of(), null, null, null, null, null,
        null, null, null));
    task("Fix bike", null, "doing", false, List.of(), "Home", null, null, null, null, null, at(Duration.ofHours(-1)),
        null);
    task("Renew passport", null, "open", false, List.of(), null, null, day(d, 10), null, day(d, 2), null, null, null);
    task("Pay invoice", null, "open", false, List.of(), null, null, at(Duration.ofHours(2)), null, null, null, null,
        "Write report");
    task("Morning call", null, "open", false, List.of(), null, null, at(Duration.ofHours(-3)), null, null, null, null,
        null);
    task("Next week", null, "open", false, List.of(), null, null, day(d, 7), day(d, 5), null, day(d, 20), null, null);
    task("Milk run", null, "open", false, List.of("errand"), null, "L", null, null, null, null, null, null);
  }

  private void task(String title, String body, String status, boolean deleted, List<String> tags, String project,
      String priority, String due, String scheduled, String waitFor, String until, String start, String dependsOn) {
    items.add(new Item(title, "task", body, status, deleted, tags, project, priority, due, scheduled, waitFor, until,
        start, dependsOn));
  }

  private static String day(LocalDate today, int days) {
    return today.plusDays(days).toString();
  }

  /** An exact moment this far from now, on the hour (so that it is exact in Taskwarrior too). */
  private String at(Duration fromNow) {
    return new Moment.At(now.plus(fromNow)).text();
  }

  /** The time item {@code i} was made: a minute apart, the last one two minutes before now. */
  private long createdMillis(int i) {
    return now.minusSeconds(60L * (items.size() - i + 1)).toEpochMilli();
  }

  /** Writes the set into {@code heph} as ops from another device, in order (so ids follow it). */
  void load(Heph heph) {
    String origin = "00000000000000aa";
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      long ms = createdMillis(i);
      String id = NodeId.newId(ms, new byte[10]);
      ids.put(it.title(), id);
      int[] counter = {0};
      java.util.function.Supplier<Hlc> hlc = () -> new Hlc(ms, counter[0]++, origin);
      ops.add(new Op.Create(hlc.get(), id, it.kind()));
      ops.add(set(hlc.get(), id, "title", it.title()));
      ops.add(set(hlc.get(), id, "body", it.body()));
      ops.add(set(hlc.get(), id, "status", it.status()));
      ops.add(set(hlc.get(), id, "project", it.project()));
      ops.add(set(hlc.get(), id, "priority", it.priority()));
      ops.add(set(hlc.get(), id, "due", it.due()));
      ops.add(set(hlc.get(), id, "scheduled", it.scheduled()));
      ops.add(set(hlc.get(), id, "wait", it.waitFor()));
      ops.add(set(hlc.get(), id, "until", it.until()));
      ops.add(set(hlc.get(), id, "start", it.start()));
      for (String tag : it.tags()) {
        ops.add(new Op.Add(hlc.get(), id, Field.TAGS, Value.text(tag)));
      }
      if (it.dependsOn() != null) {
        ops.add(new Op.Add(hlc.get(), id, Field.LINKS, new Value.Link("depends", ids.get(it.dependsOn()))));
      }
      if (it.deleted()) {
        ops.add(new Op.Set(hlc.get(), id, Field.DELETED, new Value.Flag(true), List.of()));
      }
    }
    ops.removeIf(op -> op == null);
    heph.applyRemote(ops, "test");
  }

  private static Op set(Hlc hlc, String id, String field, String value) {
    return value == null ? null : new Op.Set(hlc, id, Field.named(field), Value.text(value), List.of());
  }

  private static final DateTimeFormatter TW = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /** The tasks (notes have no Taskwarrior form) as {@code task import} JSON, one object a line. */
  String taskwarriorJson() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      if (!it.kind().equals("task")) {
        continue;
      }
      String entry = TW.format(Instant.ofEpochMilli(createdMillis(i)));
      String status = it.deleted() || it.status().equals("cancelled") ? "deleted"
          : it.status().equals("done") ? "completed" : "pending";
      sb.append("{\"uuid\":\"").append(ids.get(it.title())).append("\",\"description\":\"").append(it.title())
          .append("\",\"status\":\"").append(status).append("\",\"entry\":\"").append(entry)
          .append("\",\"modified\":\"").append(entry).append('"');
      if (!status.equals("pending")) {
        sb.append(",\"end\":\"").append(entry).append('"');
      }
      field(sb, "project", it.project());
      field(sb, "priority", it.priority());
      field(sb, "due", tw(it.due()));
      field(sb, "scheduled", tw(it.scheduled()));
      field(sb, "wait", tw(it.waitFor()));
      field(sb, "until", tw(it.until()));
      field(sb, "start", tw(it.start()));
      if (!it.tags().isEmpty()) {
        sb.append(",\"tags\":[\"").append(String.join("\",\"", it.tags())).append("\"]");
      }
      if (it.dependsOn() != null) {
        sb.append(",\"depends\":[\"").append(ids.get(it.dependsOn())).append("\"]");
      }
      if (it.body() != null) {
        // Taskwarrior's bare words search annotations where heph's search the body.
        sb.append(",\"annotations\":[{\"entry\":\"").append(entry).append("\",\"description\":\"").append(it.body())
            .append("\"}]");
      }
      sb.append("}\n");
    }
    return sb.toString();
  }

  private static void field(StringBuilder sb, String name, String value) {
    if (value != null) {
      sb.append(",\"").append(name).append("\":\"").append(value).append('"');
    }
  }

  /** A heph moment in Taskwarrior's form: a day is its first second in the zone. */
  private String tw(String moment) {
    return moment == null ? null : TW.format(Moment.parse(moment).start(zone));
  }
}
