package dev.heph.cli;

/** How every command that takes a node names it, said once for every {@code --help}. */
final class Ids {
  private Ids() {}

  /** The description of an ID parameter. */
  static final String HELP = "Node number from heph list (this device's working set), full id, or unique id prefix"
      + " (dashes optional). Digits alone, up to 6 of them, are a number: add a dash (123-) to mean an id prefix.";
}
