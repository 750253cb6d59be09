import dev.heph.core.Heph;
import dev.heph.core.NewNode;
import dev.heph.core.op.Field;
import java.nio.file.Path;
import java.util.List;

/**
 * Fills a heph database with N notes whose bodies are maximum-size ops (the longest text, each
 * char escaped to 6 bytes of JSON: ~1.5 MiB an op), for measuring what a pull of huge pages costs
 * the hub and the spoke (issue 9). Usage: java -cp 'heph-cli/target/lib/*' bench/PopulateHuge.java DB N
 */
public class PopulateHuge {
  public static void main(String[] args) {
    String body = "\u0001".repeat(Field.MAX_TEXT);
    try (Heph heph = Heph.open(Path.of(args[0]))) {
      for (int i = 0, n = Integer.parseInt(args[1]); i < n; i++) {
        heph.add(new NewNode("note", "huge " + i, body, List.of(), null, null, null));
      }
    }
  }
}
