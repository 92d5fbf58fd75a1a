package io.mcpedge.server.mcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MCP clients POST small JSON-RPC bodies that arrive in the same read as the request head. On a
 * reused keep-alive upstream connection the body must still be flushed at once: every POST here, on
 * one event loop, after the first reuses the previous one's pooled connection.
 */
@Timeout(60)
class PooledPostIT {

  @Test
  void smallBodiesOnReusedUpstreamConnectionsAreSentAtOnce() throws Exception {
    WireMockServer origin = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    origin.start();
    try {
      origin.stubFor(post("/message").willReturn(aResponse().withStatus(202).withBody("Accepted")));
      String yaml =
          """
          listeners: [{ name: http, address: "127.0.0.1:0" }]
          admin: { address: "127.0.0.1:0" }
          server: { ioThreads: 1 }
          upstreams: [{ name: o, endpoints: ["http://127.0.0.1:%d"] }]
          routes: [{ name: all, upstream: o, timeouts: { request: 10s } }]
          """
              .formatted(origin.port());
      try (EdgeServer proxy =
          new EdgeServer(
              ConfigLoader.parse(yaml, "pooled-post.yaml", Map.of()),
              Transport.select(false),
              System::nanoTime)) {
        proxy.start();
        URI uri =
            URI.create("http://127.0.0.1:" + proxy.listenerAddress("http").getPort() + "/message");
        HttpClient client =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        for (int i = 0; i < 20; i++) {
          HttpResponse<String> res =
              client.send(
                  HttpRequest.newBuilder(uri)
                      .timeout(Duration.ofSeconds(5))
                      .POST(HttpRequest.BodyPublishers.ofString("{\"id\":" + i + "}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(res.statusCode()).as("POST %d", i).isEqualTo(202);
        }
        origin.verify(
            20,
            postRequestedFor(urlEqualTo("/message"))
                .withRequestBody(matching("\\{\"id\":\\d+\\}")));
      }
    } finally {
      origin.stop();
    }
  }
}
