package io.mcpedge.server;

import io.mcpedge.core.config.EdgeConfig;
import java.net.URI;

/** An {@link EdgeServer} started in this JVM on ephemeral loopback ports. */
final class ProxyUnderTest implements AutoCloseable {

  final EdgeServer server;

  ProxyUnderTest(EdgeConfig config) throws InterruptedException {
    server = new EdgeServer(config, Transport.select(Boolean.getBoolean("nio")), System::nanoTime);
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
