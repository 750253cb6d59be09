package dev.heph.core.store;

import dev.heph.core.Device;
import dev.heph.core.clock.Hlc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The names this replica gives devices, by origin id, in its {@code meta} table. They are local
 * like the working-set numbers: ops stay exactly as they are, and each replica names the devices
 * it sees (its own name included) for the person reading {@code log} and {@code conflicts}.
 */
public final class DeviceNames {
  private DeviceNames() {}

  /** Meta keys {@code device_name.ORIGIN}; '/' is the character after '.', so the range holds them all. */
  private static final String FROM = "device_name.";
  private static final String UNTIL = "device_name/";

  /** Every name given here, by origin id. */
  public static Map<String, String> all(Tx tx) throws SQLException {
    Map<String, String> names = new LinkedHashMap<>();
    PreparedStatement ps = tx.statement("SELECT key, value FROM meta WHERE key >= ? AND key < ? ORDER BY key");
    ps.setString(1, FROM);
    ps.setString(2, UNTIL);
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        names.put(rs.getString(1).substring(FROM.length()), rs.getString(2));
      }
    }
    return names;
  }

  /** Names the device {@code origin} (a full origin id); null removes its name. */
  public static void put(Tx tx, String origin, String name) throws SQLException {
    tx.putMeta(FROM + origin, name);
  }

  /**
   * Every device the op log names, with how many ops it wrote and its latest, plus devices named
   * here that wrote nothing yet; this one first, then by origin. Reads the whole log: for
   * {@code heph device}, not for views.
   */
  public static List<Device> devices(Tx tx, String self) throws SQLException {
    Map<String, String> names = all(tx);
    Map<String, Device> byOrigin = new TreeMap<>();
    try (ResultSet rs = tx.statement("SELECT substr(hlc, 23), count(*), max(hlc) FROM ops GROUP BY 1").executeQuery()) {
      while (rs.next()) {
        String origin = rs.getString(1);
        Instant last = Instant.ofEpochMilli(Hlc.parse(rs.getString(3)).millis());
        byOrigin.put(origin, new Device(origin, names.get(origin), origin.equals(self), rs.getLong(2), last));
      }
    }
    names.forEach((origin, name) -> byOrigin.putIfAbsent(origin, new Device(origin, name, origin.equals(self), 0, null)));
    byOrigin.putIfAbsent(self, new Device(self, names.get(self), true, 0, null));
    List<Device> devices = new ArrayList<>();
    devices.add(byOrigin.remove(self));
    devices.addAll(byOrigin.values());
    return devices;
  }
}
