package dev.heph.cli;

import picocli.CommandLine;

/** The version string for {@code heph --version}. */
final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"heph " + (v == null ? "dev" : v)};
  }
}
