package io.mcpedge.server.replicas;

import java.util.UUID;

/**
 * The name of one running proxy process among its replicas: random per start, so that two processes
 * never share one even on one host or in a pod restarted under the same name.
 */
public final class ReplicaId {

  private ReplicaId() {}

  /** A fresh id: {@code edge-<random UUID>}. */
  public static String create() {
    return "edge-" + UUID.randomUUID();
  }
}
