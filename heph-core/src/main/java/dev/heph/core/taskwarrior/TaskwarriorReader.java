package dev.heph.core.taskwarrior;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.heph.core.HephException;
import dev.heph.core.Inputs;
import dev.heph.core.op.Field;
import dev.heph.core.op.Json;
import dev.heph.core.op.NodeId;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads {@code task export} output (a JSON array of task objects, or one object per line as older
 * versions print) into {@link TaskwarriorTask}s. Everything is checked before anything is
 * written: an error names the task by its position and uuid, and the key.
 */
public final class TaskwarriorReader {
  private TaskwarriorReader() {}

  /** The keys heph has a field for; every other key is kept verbatim. */
  private static final List<String> KNOWN = List.of("uuid", "status", "description", "project", "priority", "due",
      "scheduled", "wait", "until", "start", "recur", "tags", "annotations", "depends");

  /** Keys Taskwarrior computes on export; they are not data. */
  private static final List<String> COMPUTED = List.of("id", "urgency");

  /** Reads every task of the input. */
  public static List<TaskwarriorTask> read(InputStream in) {
    List<TaskwarriorTask> tasks = new ArrayList<>();
    try (JsonParser p = Json.FACTORY.createParser(in)) {
      JsonToken first = p.nextToken();
      boolean array = first == JsonToken.START_ARRAY;
      JsonToken t = array ? p.nextToken() : first;
      while (t != null && t != JsonToken.END_ARRAY) {
        int position = tasks.size() + 1;
        if (t != JsonToken.START_OBJECT) {
          throw new HephException.InvalidInput("task " + position + ": expected a JSON object, got " + t.asString());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> raw = (Map<String, Object>) value(p, t);
        tasks.add(task(position, raw));
        t = p.nextToken();
      }
      if (array && p.nextToken() != null) {
        throw new HephException.InvalidInput("trailing content after the array of tasks");
      }
    } catch (IOException e) {
      throw new HephException.InvalidInput("not Taskwarrior's JSON: " + Json.problem(e)
          + " (after " + tasks.size() + " task(s))");
    }
    return tasks;
  }

  /** One task, checked; {@code position} counts from 1. */
  static TaskwarriorTask task(int position, Map<String, Object> raw) {
    Object uuid = raw.get("uuid");
    String id = uuid instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
    if (!NodeId.isValid(id)) {
      throw new HephException.InvalidInput("task " + position + ": " + (uuid == null ? "no uuid"
          : "bad uuid " + Json.quote(String.valueOf(uuid))));
    }
    String where = "task " + position + " (" + id + ")";
    try {
      return read(id, raw);
    } catch (HephException.InvalidInput e) {
      throw new HephException.InvalidInput(where + ": " + e.getMessage());
    }
  }

  private static TaskwarriorTask read(String id, Map<String, Object> raw) {
    Map<String, String> udas = new TreeMap<>();
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      if (!KNOWN.contains(e.getKey()) && !COMPUTED.contains(e.getKey())) {
        Object v = e.getValue();
        String text = v instanceof String s ? s : json(v);
        if (v != null && !text.isEmpty()) { // an empty value is Taskwarrior's "not set"
          udas.put(Inputs.udaKey(e.getKey()), Inputs.text(e.getKey(), text));
        }
      }
    }
    String twStatus = text(raw, "status");
    String start = date(raw, "start");
    String status;
    boolean deleted = false;
    switch (twStatus == null ? "pending" : twStatus) {
      case "pending", "waiting" -> status = start != null ? "doing" : "open";
      case "completed" -> status = "done";
      // A recurring task's template is bookkeeping, not a task to do: its instances are the tasks.
      // It is kept (for the export) but out of sight, like a deleted task; its mask says what it is.
      case "deleted", "recurring" -> {
        status = start != null ? "doing" : "open";
        deleted = true;
      }
      default -> throw new HephException.InvalidInput("status: unknown status " + Json.quote(twStatus)
          + " (Taskwarrior's are pending, completed, deleted, waiting, recurring)");
    }
    String title = text(raw, "description");
    if (title == null) {
      throw new HephException.InvalidInput("no description");
    }
    String priority = text(raw, "priority");
    if (priority != null && !Field.PRIORITIES.contains(priority)) {
      udas.put("priority", priority); // a priority of the person's own: kept verbatim
      priority = null;
    }
    List<TaskwarriorTask.Annotation> annotations = new ArrayList<>();
    for (Object a : list(raw, "annotations")) {
      if (!(a instanceof Map<?, ?> m) || !(m.get("description") instanceof String text)) {
        throw new HephException.InvalidInput("annotations: each must be {\"entry\",\"description\"}");
      }
      String entry = m.get("entry") instanceof String s ? TwDates.toHeph(s) : null;
      if (entry == null) {
        throw new HephException.InvalidInput("annotations: bad or missing entry date in " + json(m));
      }
      annotations.add(new TaskwarriorTask.Annotation(entry, Inputs.annotation(text)));
    }
    List<String> depends = new ArrayList<>();
    for (Object d : list(raw, "depends")) {
      String target = d instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
      if (!NodeId.isValid(target)) {
        throw new HephException.InvalidInput("depends: bad uuid " + json(d));
      }
      depends.add(target);
    }
    List<String> tags = new ArrayList<>(new LinkedHashSet<>(list(raw, "tags").stream().map(t -> {
      if (!(t instanceof String s)) {
        throw new HephException.InvalidInput("tags: each must be a string");
      }
      return Inputs.tag(s);
    }).toList()));
    return new TaskwarriorTask(id, Inputs.title(title), status, deleted, priority, text(raw, "project"),
        date(raw, "due"), date(raw, "scheduled"), date(raw, "wait"), date(raw, "until"), start, text(raw, "recur"),
        tags, annotations, depends, udas);
  }

  private static String text(Map<String, Object> raw, String key) {
    Object v = raw.get(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw new HephException.InvalidInput(key + ": expected a string, got " + json(v));
    }
    return Inputs.text(key, s);
  }

  private static String date(Map<String, Object> raw, String key) {
    String v = text(raw, key);
    if (v == null) {
      return null;
    }
    String moment = TwDates.toHeph(v);
    if (moment == null) {
      throw new HephException.InvalidInput(key + ": " + Json.quote(v) + " is not a Taskwarrior date (like 20261201T120000Z)");
    }
    return moment;
  }

  /** An array, or (older exports) a comma-separated string. */
  private static List<Object> list(Map<String, Object> raw, String key) {
    return switch (raw.get(key)) {
      case null -> List.of();
      case List<?> l -> List.copyOf(l);
      case String s when key.equals("depends") || key.equals("tags") -> s.isBlank() ? List.of()
          : List.of((Object[]) s.split(","));
      case Object v -> throw new HephException.InvalidInput(key + ": expected an array, got " + json(v));
    };
  }

  /** A JSON value as plain Java: String, number text (as {@link Number}), Boolean, List, Map, or null. */
  private static Object value(JsonParser p, JsonToken t) throws IOException {
    return switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          if (m.containsKey(key)) {
            throw new HephException.InvalidInput("duplicate key " + Json.quote(key));
          }
          m.put(key, value(p, p.nextToken()));
        }
        yield m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
          l.add(value(p, e));
        }
        yield l;
      }
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new NumberText(p.getText());
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new HephException.InvalidInput("unexpected JSON " + t.asString());
    };
  }

  /** A JSON number, kept as the text it was written with. */
  private record NumberText(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  /** The JSON text of a plain value (for messages, and for UDAs that are not strings). */
  private static String json(Object v) {
    return switch (v) {
      case null -> "null";
      case String s -> Json.quote(s);
      case Map<?, ?> m -> {
        StringBuilder sb = new StringBuilder("{");
        m.forEach((k, x) -> sb.append(sb.length() > 1 ? "," : "").append(Json.quote(k.toString())).append(':').append(json(x)));
        yield sb.append('}').toString();
      }
      case List<?> l -> "[" + String.join(",", l.stream().map(TaskwarriorReader::json).toList()) + "]";
      default -> v.toString();
    };
  }
}
