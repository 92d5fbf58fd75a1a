package io.mcpedge.server.replicas;

import java.util.UUID;

/**
 * The name of one running proxy process among its replicas: random per start, so that two processes
 * never share one even on the same host or in a restarted pod with the same name.
 */
public final class ReplicaId {

  private ReplicaId() {}

  /** A fresh id: {@code <host>-<random>}, the host part only for people reading the channel. */
  public static String create(String host) {
    String h = host == null || host.isBlank() ? "edge" : host.replaceAll("[^A-Za-z0-9.-]", "");
    return h + "-" + UUID.randomUUID();
  }
}
