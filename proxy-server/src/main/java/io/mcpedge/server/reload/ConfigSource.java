package io.mcpedge.server.reload;

import io.mcpedge.core.config.ConfigException;
import io.mcpedge.core.config.EdgeConfig;
import java.util.List;

/**
 * Where a reload reads the config from: the file the process was started with, loaded and validated
 * the same way as at start-up. Called on the reload thread only, never on an event loop.
 */
@FunctionalInterface
public interface ConfigSource {

  /** A source for a server started from a config object, not a file: every reload is refused. */
  ConfigSource NONE =
      () -> {
        throw new ConfigException(
            List.of("no config file to reload (the proxy was not started from one)"));
      };

  /** The validated config, or every problem of it. */
  EdgeConfig load() throws ConfigException;
}
