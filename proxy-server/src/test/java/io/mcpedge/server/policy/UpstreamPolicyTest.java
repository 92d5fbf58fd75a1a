package io.mcpedge.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.UpstreamConfig;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.testsupport.ManualTicker;
import io.mcpedge.server.upstream.AttemptListener;
import io.mcpedge.server.upstream.Endpoint;
import io.mcpedge.server.upstream.EndpointResolver;
import io.mcpedge.server.upstream.EndpointSelector;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An upstream's policy state across DNS re-resolution: endpoints that stay keep their ejection,
 * breaker and in-flight history; departed ones are forgotten. Endpoints come from {@link
 * EndpointResolver#resolveAll} with a scripted resolver, as the cluster's refresh produces them.
 */
@Timeout(10)
class UpstreamPolicyTest {

  private static final Credential CREDENTIAL =
      new Credential("Authorization", List.of("jwt_token", "access_token"));

  private final ManualTicker ticker = new ManualTicker();
  private final EmbeddedChannel ch = new EmbeddedChannel();
  private List<InetAddress> dns;

  @AfterEach
  void finish() {
    assertFalse(ch.finishAndReleaseAll());
  }

  private static UpstreamConfig upstream(String policyLines) throws Exception {
    return ConfigLoader.parse(
            "listeners: [{name: http, address: \"127.0.0.1:0\"}]\n"
                + "upstreams:\n  - name: pods\n    endpoints: [\"http://pods.svc:8080\"]\n"
                + policyLines.indent(4)
                + "routes: [{name: r, upstream: pods}]\n",
            "test.yaml",
            Map.of())
        .upstreams()
        .get(0);
  }

  private List<Endpoint> resolve(UpstreamConfig config, String... ips) throws Exception {
    dns = new ArrayList<>();
    for (String ip : ips) {
      dns.add(InetAddress.getByName(ip));
    }
    EndpointResolver resolver =
        host -> {
          if (!host.equals("pods.svc")) {
            throw new UnknownHostException(host);
          }
          return dns;
        };
    List<String> problems = new ArrayList<>();
    List<Endpoint> found =
        EndpointResolver.resolveAll(resolver, config.endpoints(), List.of(), problems);
    assertThat(problems).isEmpty();
    return found;
  }

  private static Endpoint at(List<Endpoint> endpoints, String ip) {
    return endpoints.stream()
        .filter(e -> e.address().getAddress().getHostAddress().equals(ip))
        .findFirst()
        .orElseThrow();
  }

  private AttemptListener admit(UpstreamPolicy policy, Endpoint e) {
    AttemptListener a = policy.admit(Exchanges.get(ch), e, NO_SINK);
    assertThat(a).isNotNull();
    return a;
  }

  private Set<Endpoint> selections(EndpointSelector selector, int n) {
    Set<Endpoint> seen = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Exchange ex = Exchanges.get(ch);
      seen.add(selector.select(ex));
    }
    return seen;
  }

  @Test
  void aRetryOfAnExchangeAvoidsTheEndpointItsPreviousAttemptWentTo() throws Exception {
    UpstreamConfig config = upstream("loadBalancer: { policy: consistentHash, hashOn: x-session }");
    UpstreamPolicy policy =
        new UpstreamPolicy(config, ticker, new PinnedRandom(), counters(), CREDENTIAL);
    EndpointSelector selector = policy.create(resolve(config, "10.0.0.1", "10.0.0.2", "10.0.0.3"));
    Exchange ex = Exchanges.get(ch, "x-session", "s-42");
    Endpoint first = selector.select(ex);
    // Other exchanges with the same key go where the first went; a retry of ex goes elsewhere.
    for (int i = 0; i < 5; i++) {
      assertThat(selector.select(Exchanges.get(ch, "x-session", "s-42"))).isEqualTo(first);
    }
    Endpoint retry = selector.select(ex);
    assertThat(retry).isNotEqualTo(first);
    assertThat(selector.select(ex)).isNotEqualTo(retry);
  }

  @Test
  void hashingOnTheCredentialHeaderKeepsACookieClientOnOneEndpointToo() throws Exception {
    UpstreamConfig config = upstream("loadBalancer: { policy: consistentHash }");
    UpstreamPolicy policy =
        new UpstreamPolicy(config, ticker, new PinnedRandom(), counters(), CREDENTIAL);
    List<Endpoint> endpoints = resolve(config, "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4");
    EndpointSelector selector = policy.create(endpoints);
    Set<Endpoint> chosen = new HashSet<>();
    for (int user = 0; user < 16; user++) {
      String cookie = "theme=dark; jwt_token=user-" + user;
      Endpoint first = selector.select(Exchanges.get(ch, "Cookie", cookie));
      for (int i = 0; i < 4; i++) {
        assertThat(selector.select(Exchanges.get(ch, "Cookie", "jwt_token=user-" + user)))
            .isEqualTo(first);
      }
      chosen.add(first);
      // The header, when sent, is hashed as it was: the cookie does not move the client.
      Endpoint byHeader = selector.select(Exchanges.get(ch, "Authorization", "Bearer " + user));
      assertThat(
              selector.select(
                  Exchanges.get(ch, "Authorization", "Bearer " + user, "Cookie", cookie)))
          .isEqualTo(byHeader);
    }
    // The loop above rules out round-robin; this rules out one endpoint for every cookie.
    assertThat(chosen).hasSizeGreaterThan(1);
  }

  @Test
  void anEjectedEndpointThatStaysIsStillEjectedAndGetsNoTraffic() throws Exception {
    UpstreamConfig config =
        upstream(
            "outlierDetection: { consecutive5xx: 1, baseEjectionTime: 30s,"
                + " maxEjectionPercent: 50 }");
    UpstreamPolicy policy =
        new UpstreamPolicy(config, ticker, new PinnedRandom(), counters(), CREDENTIAL);
    List<Endpoint> first = resolve(config, "10.0.0.1", "10.0.0.2", "10.0.0.3");
    policy.create(first);
    Endpoint c = at(first, "10.0.0.3");
    AttemptListener failed = admit(policy, c);
    failed.onResponse(503);
    failed.onEnd();
    assertThat(policy.outlierDetector().isAvailable(c)).isFalse();

    // A refresh drops 10.0.0.1 and adds 10.0.0.4; 10.0.0.3 stays and stays ejected.
    List<Endpoint> second = resolve(config, "10.0.0.2", "10.0.0.3", "10.0.0.4");
    EndpointSelector selector = policy.create(second);
    assertThat(at(second, "10.0.0.3")).isEqualTo(c);
    assertThat(policy.outlierDetector().isAvailable(c)).isFalse();
    assertThat(policy.outlierDetector().ejectedCount()).isEqualTo(1);
    assertThat(selections(selector, 9))
        .containsExactlyInAnyOrder(at(second, "10.0.0.2"), at(second, "10.0.0.4"));

    ticker.advance(java.time.Duration.ofSeconds(30));
    assertThat(selections(selector, 9)).hasSize(3);
  }

  @Test
  void inFlightCountsOfEndpointsThatStayStillSteerLeastRequest() throws Exception {
    UpstreamConfig config = upstream("loadBalancer: { policy: leastRequest }");
    UpstreamPolicy policy =
        new UpstreamPolicy(config, ticker, new PinnedRandom(), counters(), CREDENTIAL);
    List<Endpoint> first = resolve(config, "10.0.0.1", "10.0.0.2");
    policy.create(first);
    Endpoint busy = at(first, "10.0.0.2");
    AttemptListener running = admit(policy, busy);
    assertThat(policy.inFlight(busy)).isEqualTo(1);

    // Pinned draws pick 10.0.0.2 first, then 10.0.0.3: only the kept count sends it elsewhere.
    List<Endpoint> second = resolve(config, "10.0.0.2", "10.0.0.3");
    EndpointSelector selector = policy.create(second);
    assertThat(policy.inFlight(busy)).isEqualTo(1);
    assertThat(selector.select(Exchanges.get(ch))).isEqualTo(at(second, "10.0.0.3"));

    running.onResponse(200);
    running.onEnd();
    running.onEnd(); // ends once
    assertThat(policy.inFlight(busy)).isZero();
    assertThat(selector.select(Exchanges.get(ch))).isEqualTo(busy);
  }

  @Test
  void endpointBreakersOfEndpointsThatStayAreKeptAndDepartedOnesDropped() throws Exception {
    UpstreamConfig config =
        upstream(
            "circuitBreaker:\n  failure: { slidingWindow: 2, minimumCalls: 2, perEndpoint: true }");
    UpstreamPolicy policy =
        new UpstreamPolicy(config, ticker, new PinnedRandom(), counters(), CREDENTIAL);
    List<Endpoint> first = resolve(config, "10.0.0.1", "10.0.0.2");
    policy.create(first);
    Endpoint gone = at(first, "10.0.0.1");
    Endpoint kept = at(first, "10.0.0.2");
    for (int i = 0; i < 2; i++) {
      AttemptListener a = admit(policy, kept);
      a.onResponse(500);
      a.onEnd();
    }
    var breaker = policy.breaker(kept);
    assertThat(breaker.isRefusing()).isTrue();

    List<Endpoint> second = resolve(config, "10.0.0.2", "10.0.0.3");
    EndpointSelector selector = policy.create(second);
    assertThat(policy.breaker(kept)).isSameAs(breaker);
    assertThat(policy.breaker(gone)).isNull();
    assertThat(policy.breaker(at(second, "10.0.0.3"))).isNotNull();
    assertThat(selections(selector, 4)).containsExactly(at(second, "10.0.0.3"));
    assertThat(policy.inFlight(gone)).isZero();
  }

  private static RejectionCounters counters() {
    return new RejectionCounters();
  }

  private static final ResponseSink NO_SINK =
      new ResponseSink() {
        @Override
        public void onHead(HttpResponse head) {
          throw new AssertionError("admitted attempts answer nothing themselves");
        }

        @Override
        public void onContent(HttpContent chunk) {
          chunk.release();
          throw new AssertionError("admitted attempts answer nothing themselves");
        }

        @Override
        public void onError(Throwable cause) {
          throw new AssertionError("admitted attempts answer nothing themselves", cause);
        }
      };
}
