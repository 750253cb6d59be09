import dev.heph.core.Heph;
import dev.heph.core.clock.Hlc;
import dev.heph.core.op.Field;
import dev.heph.core.op.NodeId;
import dev.heph.core.op.Op;
import dev.heph.core.op.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fills a heph database with N tasks (benchmark set-up, not a heph feature): the same ops that
 * `heph add` writes (create, title, status, and for some priority, due, tags), applied in batches
 * of 1,000 per transaction. Usage: java -cp 'heph-cli/target/lib/*' bench/Populate.java DB N
 */
public class Populate {
  public static void main(String[] args) {
    Path db = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    Random random = new Random(42);
    String[] tags = {"home", "work", "errand", "phone", "later"};
    try (Heph heph = Heph.open(db)) {
      String origin = heph.origin();
      long millis = System.currentTimeMillis() - n * 10L - 60_000;
      int counter = 0;
      List<Op> batch = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String id = NodeId.newId(millis);
        batch.add(new Op.Create(new Hlc(millis, counter++, origin), id, "task"));
        batch.add(new Op.Set(new Hlc(millis, counter++, origin), id, Field.TITLE, Value.text("Task number " + i + " of the benchmark"), List.of()));
        batch.add(new Op.Set(new Hlc(millis, counter++, origin), id, Field.STATUS, Value.text("open"), List.of()));
        if (i % 3 == 0) {
          batch.add(new Op.Set(new Hlc(millis, counter++, origin), id, Field.PRIORITY, Value.text("HML".substring(i % 3, i % 3 + 1)), List.of()));
        }
        if (i % 4 == 0) {
          batch.add(new Op.Set(new Hlc(millis, counter++, origin), id, Field.DUE, Value.text("2026-12-" + String.format("%02d", 1 + i % 28)), List.of()));
        }
        batch.add(new Op.Add(new Hlc(millis, counter++, origin), id, Field.TAGS, Value.text(tags[random.nextInt(tags.length)])));
        millis += 10;
        counter = 0;
        if (batch.size() >= 1000) {
          heph.applyRemote(batch, null);
          batch.clear();
        }
      }
      heph.applyRemote(batch, null);
    }
  }
}
