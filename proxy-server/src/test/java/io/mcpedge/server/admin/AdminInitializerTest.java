package io.mcpedge.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.server.EmbeddedHttp;
import io.mcpedge.server.channel.ServerState;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The admin endpoints: liveness, readiness through the lifecycle, and unknown paths. */
class AdminInitializerTest {

  private static String get(EmbeddedChannel ch, String path) {
    EmbeddedHttp.send(ch, "GET " + path + " HTTP/1.1\r\nHost: a\r\n\r\n");
    return EmbeddedHttp.drainOutbound(ch);
  }

  @Test
  void readinessFollowsTheServerState() {
    ServerState state = new ServerState();
    EmbeddedChannel ch = new EmbeddedChannel(new AdminInitializer(state, null));
    assertThat(get(ch, "/health")).startsWith("HTTP/1.1 200");
    assertThat(get(ch, "/ready")).startsWith("HTTP/1.1 503").endsWith("not ready\n");
    state.markReady();
    assertThat(get(ch, "/ready?verbose")).startsWith("HTTP/1.1 200");
    state.markDraining();
    assertThat(get(ch, "/ready")).startsWith("HTTP/1.1 503").endsWith("draining\n");
    assertThat(get(ch, "/health")).as("alive while draining").startsWith("HTTP/1.1 200");
    assertThat(get(ch, "/metrics")).startsWith("HTTP/1.1 404");
    assertFalse(ch.finishAndReleaseAll());
  }
}
