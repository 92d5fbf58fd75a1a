package io.mcpedge.server.replicas;

import io.mcpedge.cache.InvalidationEvent;
import java.util.Objects;

/**
 * An invalidation as it travels between replicas: the event and the id of the replica that caused
 * it, so that a replica recognises (and ignores) its own messages coming back on the channel.
 *
 * @param from the origin replica's id ({@link ReplicaId})
 */
public record InvalidationMessage(String from, InvalidationEvent event) {
  public InvalidationMessage {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(event, "event");
  }
}
