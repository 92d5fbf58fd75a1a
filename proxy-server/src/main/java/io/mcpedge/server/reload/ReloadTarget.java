package io.mcpedge.server.reload;

import io.mcpedge.core.config.ConfigException;
import io.mcpedge.core.config.EdgeConfig;
import java.util.List;

/** What a valid new config is applied to: the server, which swaps its routes and listeners. */
@FunctionalInterface
public interface ReloadTarget {

  /**
   * Applies {@code next} as a whole, or nothing of it.
   *
   * @return warnings about parts of {@code next} that were not applied (they need a restart)
   * @throws ConfigException when {@code next} cannot be applied (a new listener's port cannot be
   *     bound); the old config then keeps serving, unchanged
   */
  List<String> apply(EdgeConfig next) throws ConfigException;
}
