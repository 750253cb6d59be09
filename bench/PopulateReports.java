import dev.heph.core.Heph;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills a heph store with the reports benchmark's tasks (bench/gen_report_tasks.py's TSV: uuid,
 * entry millis, title, priority, due, project, tags), as ops stamped at each task's entry time,
 * 1,000 ops per transaction (benchmark set-up, not a heph feature; `heph import taskwarrior` is
 * the feature). Usage: java -cp 'LIB/*' bench/PopulateReports.java DB TASKS.tsv
 */
public class PopulateReports {
  public static void main(String[] args) throws IOException {
    try (Heph heph = Heph.open(Path.of(args[0]))) {
      String origin = heph.origin();
      List<String[]> rows = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of(args[1]))) {
        rows.add(line.split("\t", -1));
      }
      rows.sort((a, b) -> Long.compare(Long.parseLong(a[1]), Long.parseLong(b[1]))); // hlc order
      List<Op> batch = new ArrayList<>();
      long previous = 0;
      for (String[] r : rows) {
        String id = r[0];
        long millis = Math.max(Long.parseLong(r[1]), previous + 1); // two tasks made in one millisecond: one later
        previous = millis;
        int[] counter = {0};
        java.util.function.Supplier<Hlc> hlc = () -> new Hlc(millis, counter[0]++, origin);
        batch.add(new Op.Create(hlc.get(), id, "task"));
        batch.add(new Op.Set(hlc.get(), id, Field.TITLE, Value.text(r[2]), List.of()));
        batch.add(new Op.Set(hlc.get(), id, Field.STATUS, Value.text("open"), List.of()));
        if (!r[3].isEmpty()) {
          batch.add(new Op.Set(hlc.get(), id, Field.PRIORITY, Value.text(r[3]), List.of()));
        }
        if (!r[4].isEmpty()) {
          batch.add(new Op.Set(hlc.get(), id, Field.DUE, Value.text(r[4]), List.of()));
        }
        if (!r[5].isEmpty()) {
          batch.add(new Op.Set(hlc.get(), id, Field.PROJECT, Value.text(r[5]), List.of()));
        }
        for (String tag : r[6].split(",")) {
          if (!tag.isEmpty()) {
            batch.add(new Op.Add(hlc.get(), id, Field.TAGS, Value.text(tag)));
          }
        }
        if (batch.size() >= 1000) {
          heph.applyRemote(batch, null);
          batch.clear();
        }
      }
      heph.applyRemote(batch, null);
    }
  }
}
