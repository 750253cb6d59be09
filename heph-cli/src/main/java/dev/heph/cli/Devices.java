package dev.heph.cli;

import java.util.Map;

/** How a device is named in human output: "this device", its name on this replica, or its id. */
record Devices(String self, Map<String, String> names) {

  /** {@code this device}, {@code device laptop}, or {@code device 9f3a6c01d2e4b758}. */
  String label(String origin) {
    if (origin.equals(self)) {
      return "this device";
    }
    return "device " + names.getOrDefault(origin, origin);
  }
}
