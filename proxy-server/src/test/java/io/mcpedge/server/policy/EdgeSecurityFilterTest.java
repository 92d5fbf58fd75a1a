package io.mcpedge.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EdgeSecurityFilterTest {

  @ParameterizedTest(name = "{0} dropped: {1}")
  @CsvSource({
    "X-ContextForge-Trusted, true",
    "x-contextforge-user, true",
    "X-CONTEXTFORGE-HMAC, true",
    "X-Authenticated-User, true",
    "x-authenticated-user, true",
    "x-contextforge-, false",
    "X-ContextForge, false",
    "X-Authenticated-Users, false",
    "Authorization, false",
    "X-Request-Id, false",
    // Identity and original-target headers: this edge is the first proxy, so none is true.
    "Forwarded, true",
    "X-Forwarded-Port, true",
    "X-Forwarded-Prefix, true",
    "X-Forwarded-For, true",
    "x-forwarded-server, true",
    "X-Real-IP, true",
    "True-Client-IP, true",
    "X-Client-IP, true",
    "X-Cluster-Client-IP, true",
    "X-Original-URL, true",
    "X-Rewrite-URL, true",
    "X-Forwarded, false",
    "Forwarded-For, false",
  })
  void dropsOnlyTheGatewaysTrustedHeaders(String name, boolean dropped) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add("Host", "gateway");
    h.add(name, "forged");
    h.add("Accept", "application/json");
    EdgeSecurityFilter.strip(h);
    assertThat(h.contains(name)).isEqualTo(!dropped);
    assertThat(h.get("Host")).isEqualTo("gateway");
    assertThat(h.get("Accept")).isEqualTo("application/json");
  }

  @org.junit.jupiter.api.Test
  void dropsEveryOccurrence() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add("X-ContextForge-A", "1");
    h.add("X-ContextForge-B", "2");
    h.add("X-ContextForge-A", "3");
    h.add("X-Authenticated-User", "admin");
    EdgeSecurityFilter.strip(h);
    assertThat(h.isEmpty()).isTrue();
  }
}
