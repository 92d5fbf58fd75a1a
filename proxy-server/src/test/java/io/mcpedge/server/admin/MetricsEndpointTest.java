package io.mcpedge.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.server.EmbeddedHttp;
import io.mcpedge.server.channel.ServerState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The Prometheus exposition on the admin pipeline: both paths, both formats, HEAD, 405. */
class MetricsEndpointTest {

  private static String send(EmbeddedChannel ch, String request) {
    EmbeddedHttp.send(ch, request);
    return EmbeddedHttp.drainOutbound(ch);
  }

  @Test
  void servesTheRegistryInTheFormatAsked() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("edge.test").register(registry).increment(3);
    EmbeddedChannel ch =
        new EmbeddedChannel(
            new AdminInitializer(new ServerState(), null, new MetricsEndpoint(registry)));

    String text = send(ch, "GET /metrics HTTP/1.1\r\nHost: a\r\n\r\n");
    assertThat(text)
        .startsWith("HTTP/1.1 200")
        .contains("content-type: text/plain; version=0.0.4; charset=utf-8")
        .contains("edge_test_total 3.0");
    assertThat(send(ch, "GET /stats/prometheus HTTP/1.1\r\nHost: a\r\n\r\n"))
        .startsWith("HTTP/1.1 200")
        .contains("edge_test_total 3.0");
    String open =
        send(
            ch,
            "GET /metrics HTTP/1.1\r\nHost: a\r\n"
                + "Accept: application/openmetrics-text;version=1.0.0\r\n\r\n");
    assertThat(open)
        .contains("content-type: application/openmetrics-text; version=1.0.0; charset=utf-8")
        .contains("edge_test_total 3")
        .endsWith("# EOF\n");
    assertThat(send(ch, "POST /metrics HTTP/1.1\r\nHost: a\r\ncontent-length: 0\r\n\r\n"))
        .startsWith("HTTP/1.1 405");
    assertFalse(ch.finishAndReleaseAll());
    registry.close();
  }
}
