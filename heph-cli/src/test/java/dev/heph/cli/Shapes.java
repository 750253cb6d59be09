package dev.heph.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heph.testkit.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The documented JSON shapes of the CLI's output (issue 4, heph-cli), checked field by field. */
final class Shapes {
  private Shapes() {}

  /** A UUIDv7 in canonical lowercase text. */
  static final String UUID_V7 = "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  /** The fixed-width hlc text: 15 digits, 5 digits, 16 hex digits. */
  static final String HLC = "\\d{15}-\\d{5}-[0-9a-f]{16}";

  static final List<String> NODE_KEYS = List.of("id", "kind", "title", "body", "status", "priority", "due", "tags",
      "links", "parent", "deleted", "created", "updated", "conflicts", "project", "wait", "scheduled", "until", "start",
      "annotations", "depends", "udas");

  /** A stored moment: an ISO date or a UTC instant to the second. */
  static final String MOMENT = "\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}Z)?";

  /** Checks the shape of one node object (keys, types, formats) and returns it. */
  static Map<String, Object> node(Object json) {
    Map<String, Object> n = Json.object(json);
    java.util.Set<String> keys = new java.util.HashSet<>(n.keySet());
    if (keys.remove("num")) {
      assertThat(n.get("num")).as("num of %s (open nodes only)", n).isInstanceOf(Long.class)
          .satisfies(num -> assertThat((Long) num).isPositive());
    }
    assertThat(keys).as("keys of %s", n).containsExactlyInAnyOrderElementsOf(NODE_KEYS);
    assertThat((String) n.get("id")).matches(UUID_V7);
    assertThat(n.get("kind")).isIn("task", "note");
    assertThat(n.get("title")).isInstanceOf(String.class);
    assertThat(n.get("body")).satisfiesAnyOf(b -> assertThat(b).isNull(), b -> assertThat(b).isInstanceOf(String.class));
    if (n.get("kind").equals("task")) {
      assertThat(n.get("status")).isIn("open", "doing", "done", "cancelled");
    } else {
      assertThat(n.get("status")).isNull();
    }
    assertThat(n.get("priority")).isIn(null, "H", "M", "L");
    for (String moment : List.of("due", "wait", "scheduled", "until", "start")) {
      if (n.get(moment) != null) {
        assertThat((String) n.get(moment)).as(moment).matches(MOMENT);
      }
    }
    if (n.get("project") != null) {
      assertThat((String) n.get("project")).matches("[^.\\s]+(\\.[^.\\s]+)*");
    }
    for (Map<String, Object> a : Json.objects(n.get("annotations"))) {
      assertThat(a.keySet()).containsExactly("entry", "text");
      assertThat((String) a.get("entry")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
      assertThat(a.get("text")).isInstanceOf(String.class);
    }
    assertThat(Json.array(n.get("depends"))).allSatisfy(d -> assertThat((String) d).matches(UUID_V7));
    assertThat(Json.object(n.get("udas")).values()).allSatisfy(v -> assertThat(v).isInstanceOf(String.class));
    List<Object> tags = Json.array(n.get("tags"));
    assertThat(tags).allSatisfy(t -> assertThat(t).isInstanceOf(String.class));
    assertThat(tags.stream().map(String.class::cast).toList()).as("tags are sorted").isSorted().doesNotHaveDuplicates();
    for (Map<String, Object> link : Json.objects(n.get("links"))) {
      assertThat(link.keySet()).containsExactlyInAnyOrder("type", "to");
      assertThat((String) link.get("to")).matches(UUID_V7);
      assertThat(link.get("type")).isInstanceOf(String.class);
    }
    if (n.get("parent") != null) {
      assertThat((String) n.get("parent")).matches(UUID_V7);
    }
    assertThat(n.get("deleted")).isInstanceOf(Boolean.class);
    Instant created = Instant.parse((String) n.get("created"));
    Instant updated = Instant.parse((String) n.get("updated"));
    assertThat(updated).isAfterOrEqualTo(created);
    assertThat(Json.array(n.get("conflicts"))).allSatisfy(c -> assertThat(c).isInstanceOf(String.class));
    return n;
  }

  /** Checks every element of a JSON array of nodes; returns them. */
  static List<Map<String, Object>> nodes(Object json) {
    return Json.array(json).stream().map(Shapes::node).toList();
  }

  /** The ids of a JSON array of nodes, in output order. */
  static List<String> ids(Object json) {
    return nodes(json).stream().map(n -> (String) n.get("id")).toList();
  }
}
