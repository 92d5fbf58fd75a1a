package io.mcpedge.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.core.config.AdminConfig;
import io.mcpedge.core.config.HostPort;
import io.mcpedge.server.EmbeddedHttp;
import io.mcpedge.server.TestConfigs;
import io.mcpedge.server.channel.ServerState;
import io.mcpedge.server.time.Scheduler;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The admin endpoints: liveness, readiness through the lifecycle, unknown paths, and the token that
 * every page beyond the probes and the metrics needs.
 */
class AdminInitializerTest {

  private static EmbeddedChannel admin(String token) {
    return new EmbeddedChannel(
        new AdminInitializer(
            new ServerState(),
            new AdminConfig(new HostPort("127.0.0.1", 0), token),
            TestConfigs.server(),
            Scheduler.system(),
            new AdminPages(null, null, null, null)));
  }

  private static String get(EmbeddedChannel ch, String path, String authorization) {
    EmbeddedHttp.send(
        ch, "GET " + path + " HTTP/1.1\r\nHost: a\r\nAuthorization: " + authorization + "\r\n\r\n");
    return EmbeddedHttp.drainOutbound(ch);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/upstreams", "/config", "/cache/stats", "/cache/purge", "/nope"})
  void withoutAConfiguredTokenEveryOtherPageIsForbidden(String path) {
    EmbeddedChannel ch = admin(null);
    assertThat(get(ch, path, "Bearer anything"))
        .startsWith("HTTP/1.1 403")
        .contains("content-type: application/json")
        .endsWith(
            "{\"error\":\"the admin token is not configured (admin.token): this page is"
                + " refused\"}\n");
    assertThat(get(ch, "/health")).startsWith("HTTP/1.1 200");
    assertThat(get(ch, "/metrics")).as("open, off here").startsWith("HTTP/1.1 404");
    assertFalse(ch.finishAndReleaseAll());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/upstreams", "/config", "/cache/stats", "/nope"})
  void aMissingOrWrongTokenIs401AndTheRightOnePasses(String path) {
    EmbeddedChannel ch = admin("t0ken");
    assertThat(get(ch, path)).startsWith("HTTP/1.1 401").contains("www-authenticate: Bearer");
    assertThat(get(ch, path, "Bearer wrong")).startsWith("HTTP/1.1 401");
    assertThat(get(ch, path, "Bearer t0ken0")).startsWith("HTTP/1.1 401");
    assertThat(get(ch, path, "Basic dDBrZW4=")).startsWith("HTTP/1.1 401");
    assertThat(get(ch, path, "bearer t0ken"))
        .as("no page here: past the token")
        .startsWith("HTTP/1.1 404");
    assertThat(get(ch, "/ready")).as("probes need no token").startsWith("HTTP/1.1 503");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aHeadOverTheHeaderLimitIs431AsOnTheDataListeners() {
    EmbeddedChannel ch = admin("t0ken");
    EmbeddedHttp.send(
        ch, "GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + "x".repeat(9000) + "\r\n\r\n");
    assertThat(EmbeddedHttp.drainOutbound(ch)).startsWith("HTTP/1.1 431");
    assertThat(ch.isOpen()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

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
