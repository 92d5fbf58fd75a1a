package io.mcpedge.server.channel;

import io.mcpedge.server.EdgeServer;

/**
 * What the admin listener reports: whether the proxy is serving and whether it is draining. Owned
 * by one {@link EdgeServer}; read from any thread.
 */
public final class ServerState {

  private volatile boolean ready;
  private volatile boolean draining;

  /** True once config is loaded and every listener is bound, until draining starts. */
  public boolean isReady() {
    return ready && !draining;
  }

  public boolean isDraining() {
    return draining;
  }

  public void markReady() {
    ready = true;
  }

  public void markDraining() {
    draining = true;
  }
}
