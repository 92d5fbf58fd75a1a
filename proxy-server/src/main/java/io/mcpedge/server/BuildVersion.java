package io.mcpedge.server;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} prints: the version the build wrote into the jar's manifest ({@code
 * Implementation-Version}), so that it can never disagree with the artifact that runs.
 */
final class BuildVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return new String[] {"mcp-edge " + of(Main.class.getPackage())};
  }

  /** The package's implementation version, or a note that the classes do not come from the jar. */
  static String of(Package p) {
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "(unknown version: not run from the built jar)" : v;
  }
}
