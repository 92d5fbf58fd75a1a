package io.mcpedge.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.UpstreamConfig;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.testsupport.ManualTicker;
import io.mcpedge.server.upstream.AttemptListener;
import io.mcpedge.server.upstream.Endpoint;
import io.mcpedge.server.upstream.EndpointResolver;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exact bytes of the {@code 503} an open breaker answers with ({@code Retry-After} after the
 * headers every local answer has), as the HTTP/1.1 codec writes them.
 */
@Timeout(10)
class BreakerAnswerBytesTest {

  @Test
  void anOpenBreakerAnswers503WithRetryAfter() throws Exception {
    UpstreamConfig config =
        ConfigLoader.parse(
                "listeners: [{name: http, address: \"127.0.0.1:0\"}]\n"
                    + "upstreams:\n  - name: pods\n    endpoints: [\"http://10.0.0.1:8080\"]\n"
                    + "    circuitBreaker:\n"
                    + "      failure: { slidingWindow: 2, minimumCalls: 2, openFor: 7s }\n"
                    + "routes: [{name: r, upstream: pods}]\n",
                "test.yaml",
                Map.of())
            .upstreams()
            .get(0);
    UpstreamPolicy policy =
        new UpstreamPolicy(
            config,
            new ManualTicker(),
            new PinnedRandom(),
            new RejectionCounters(),
            new Credential("Authorization", List.of()));
    List<String> problems = new ArrayList<>();
    Endpoint e =
        EndpointResolver.resolveAll(
                host -> List.of(InetAddress.getByName(host)),
                config.endpoints(),
                List.of(),
                problems)
            .get(0);
    assertThat(problems).isEmpty();
    EmbeddedChannel ch = new EmbeddedChannel();
    for (int i = 0; i < 2; i++) {
      AttemptListener a = policy.admit(Exchanges.get(ch), e, null);
      a.onResponse(500);
      a.onEnd();
    }
    EmbeddedChannel wire = new EmbeddedChannel(new HttpResponseEncoder());
    ResponseSink sink =
        new ResponseSink() {
          @Override
          public void onHead(HttpResponse head) {
            wire.writeOutbound(head);
          }

          @Override
          public void onContent(HttpContent chunk) {
            wire.writeOutbound(chunk);
          }

          @Override
          public void onError(Throwable cause) {
            throw new AssertionError(cause);
          }
        };
    assertThat(policy.admit(Exchanges.get(ch), e, sink)).isNull();
    StringBuilder out = new StringBuilder();
    ByteBuf b;
    while ((b = wire.readOutbound()) != null) {
      out.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    assertThat(out.toString())
        .isEqualTo(
            "HTTP/1.1 503 Service Unavailable\r\n"
                + "content-type: text/plain; charset=utf-8\r\n"
                + "content-length: 46\r\n"
                + "cache-control: no-store\r\n"
                + "retry-after: 7\r\n\r\n"
                + "503 Service Unavailable: circuit breaker open\n");
    assertFalse(wire.finishAndReleaseAll());
    assertFalse(ch.finishAndReleaseAll());
  }
}
