package io.mcpedge.server;

import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.time.Scheduler;
import java.net.URI;

/** An {@link EdgeServer} started in this JVM on ephemeral loopback ports. */
final class ProxyUnderTest implements AutoCloseable {

  final EdgeServer server;

  ProxyUnderTest(EdgeConfig config) throws InterruptedException {
    this(config, Scheduler.system());
  }

  /** On {@code clock}: a {@link io.mcpedge.server.testsupport.ManualClock} drives its timers. */
  ProxyUnderTest(EdgeConfig config, Scheduler clock) throws InterruptedException {
    server = new EdgeServer(config, Transport.select(Boolean.getBoolean("nio")), clock);
    server.start();
  }

  int port() {
    return server.listenerAddress("http").getPort();
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
  }

  URI adminUri(String path) {
    return URI.create("http://127.0.0.1:" + server.adminAddress().getPort() + path);
  }

  @Override
  public void close() {
    server.close();
  }
}
