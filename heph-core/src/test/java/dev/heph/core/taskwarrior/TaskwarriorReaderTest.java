package dev.heph.core.taskwarrior;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.heph.core.HephException;
import dev.heph.testkit.Taskwarrior;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TaskwarriorReader} on what the real {@code task export} prints, and on bad input. */
class TaskwarriorReaderTest {
  @TempDir Path dir;

  private static List<TaskwarriorTask> read(String json) {
    return TaskwarriorReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsEverythingARealExportHolds() {
    assumeTrue(Taskwarrior.installed(), "Taskwarrior is not installed at " + Taskwarrior.BINARY
        + " (Debian package 'taskwarrior'); this test compares heph with it");
    Taskwarrior tw = new Taskwarrior(dir.resolve("tw"), Taskwarrior.SAMPLE_UDAS);
    List<String> uuids = tw.addSample();
    Map<String, TaskwarriorTask> byId = read(tw.export()).stream()
        .collect(Collectors.toMap(TaskwarriorTask::id, Function.identity()));
    assertThat(byId).hasSize(uuids.size() + 1).containsKeys(uuids.toArray(String[]::new));

    TaskwarriorTask milk = byId.get(uuids.get(0));
    assertThat(milk.title()).isEqualTo("Buy milk");
    assertThat(milk.project()).isEqualTo("Home.Shop");
    assertThat(milk.tags()).containsExactly("errand", "home");
    assertThat(milk.priority()).isEqualTo("H");
    assertThat(milk.due()).isEqualTo("2026-12-01T00:00:00Z");
    assertThat(milk.status()).isEqualTo("open");
    assertThat(milk.annotations()).extracting(TaskwarriorTask.Annotation::text)
        .containsExactly("ask for oat milk", "\"quoted\" text");
    assertThat(milk.udas()).containsOnlyKeys("entry", "modified");

    TaskwarriorTask report = byId.get(uuids.get(1));
    assertThat(report.depends()).containsExactly(milk.id());
    assertThat(report.hidden()).isEqualTo("2026-11-29T09:30:00Z");
    assertThat(report.scheduled()).isEqualTo("2026-11-30T00:00:00Z");
    assertThat(report.until()).isEqualTo("2027-01-01T00:00:00Z");
    assertThat(report.udas()).containsEntry("estimate", "3").containsEntry("client", "ACME")
        .containsEntry("reviewed", "20261120T000000Z");

    TaskwarriorTask series = byId.get(uuids.get(2));
    assertThat(series.recur()).isEqualTo("weekly");
    assertThat(series.udas()).containsKeys("mask", "rtype");
    assertThat(series.deleted()).as("the template is kept out of sight; its instances are the tasks").isTrue();
    assertThat(byId.values()).filteredOn(t -> series.id().equals(t.udas().get("parent"))).singleElement()
        .satisfies(instance -> assertThat(instance.recur()).isEqualTo("weekly"));

    assertThat(byId.get(uuids.get(3)).status()).isEqualTo("done");
    assertThat(byId.get(uuids.get(3)).udas()).containsKey("end").containsEntry("estimate", "1.5");
    assertThat(byId.get(uuids.get(4)).deleted()).isTrue();
    assertThat(byId.get(uuids.get(5)).status()).isEqualTo("doing");
    assertThat(byId.get(uuids.get(5)).start()).isNotNull();
    assertThat(byId.get(uuids.get(6)).title()).isEqualTo("Café visit");
  }

  @Test
  void badInputNamesTheTaskItsUuidAndTheKey() {
    String ok = "{\"uuid\":\"11111111-1111-4111-8111-111111111111\",\"description\":\"a\",\"status\":\"pending\"}";
    assertThatThrownBy(() -> read("[" + ok + ",{\"uuid\":\"22222222-2222-4222-8222-222222222222\",\"description\":\"b\","
        + "\"due\":\"tomorrow\"}]")).isInstanceOf(HephException.InvalidInput.class)
        .hasMessage("task 2 (22222222-2222-4222-8222-222222222222): due: \"tomorrow\" is not a Taskwarrior date"
            + " (like 20261201T120000Z)");
    assertThatThrownBy(() -> read("[" + ok + ",{\"description\":\"b\"}]")).hasMessage("task 2: no uuid");
    assertThatThrownBy(() -> read("[{\"uuid\":\"11111111-1111-4111-8111-111111111111\",\"status\":\"lost\","
        + "\"description\":\"a\"}]")).hasMessageContaining("task 1 (11111111-1111-4111-8111-111111111111): status:"
        + " unknown status \"lost\"");
    assertThatThrownBy(() -> read("[" + ok)).isInstanceOf(HephException.InvalidInput.class)
        .hasMessageStartingWith("not Taskwarrior's JSON: ").hasMessageEndingWith("(after 1 task(s))");
  }

  @Test
  void olderOneObjectPerLineExportsAndCommaListsAreRead() {
    List<TaskwarriorTask> tasks = read("{\"uuid\":\"11111111-1111-4111-8111-111111111111\",\"description\":\"a\","
        + "\"tags\":\"x,y\"}\n{\"uuid\":\"22222222-2222-4222-8222-222222222222\",\"description\":\"b\","
        + "\"depends\":\"11111111-1111-4111-8111-111111111111\",\"priority\":\"urgent\",\"score\":4.25}\n");
    assertThat(tasks).hasSize(2);
    assertThat(tasks.get(0).tags()).containsExactly("x", "y");
    assertThat(tasks.get(1).depends()).containsExactly("11111111-1111-4111-8111-111111111111");
    assertThat(tasks.get(1).priority()).isNull();
    assertThat(tasks.get(1).udas()).containsEntry("priority", "urgent").containsEntry("score", "4.25");
  }
}
