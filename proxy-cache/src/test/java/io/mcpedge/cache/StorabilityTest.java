package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.cache.http.CacheControl;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StorabilityTest {

  private static final Storability STORABILITY = new Storability(1000);
  private static final RouteCacheConfig RFC = TestCache.RFC;
  private static final RouteCacheConfig RFC_PER_CRED =
      TestCache.route(CacheMode.RFC9111, CacheScope.PER_CREDENTIAL);
  private static final RouteCacheConfig OVERRIDE_SHARED =
      TestCache.route(CacheMode.OVERRIDE, CacheScope.SHARED);
  private static final RouteCacheConfig OVERRIDE_PER_CRED =
      TestCache.route(CacheMode.OVERRIDE, CacheScope.PER_CREDENTIAL);
  private static final RouteCacheConfig OVERRIDE_PUBLIC =
      TestCache.route(CacheMode.OVERRIDE, CacheScope.PUBLIC);
  private static final RouteCacheConfig NEGATIVE =
      new RouteCacheConfig(
          CacheMode.RFC9111,
          Duration.ZERO,
          CacheScope.SHARED,
          Duration.ZERO,
          Duration.ZERO,
          Duration.ofMinutes(1),
          false);
  private static final RouteCacheConfig HEURISTIC =
      new RouteCacheConfig(
          CacheMode.RFC9111,
          Duration.ZERO,
          CacheScope.SHARED,
          Duration.ZERO,
          Duration.ZERO,
          Duration.ZERO,
          true);

  static Stream<Arguments> cases() {
    CacheRequest get = TestCache.get("/a");
    CacheRequest head = TestCache.request("HEAD", "/a");
    CacheRequest post = TestCache.request("POST", "/a");
    CacheRequest noStoreReq = TestCache.get("/a", "Cache-Control", "no-store");
    Fields fresh = Fields.of("Cache-Control", "max-age=60");
    return Stream.of(
        Arguments.of("§3 fresh 200", RFC, get, false, 200, fresh, "stored"),
        Arguments.of("§3 HEAD responses are not stored", RFC, head, false, 200, fresh, "method"),
        Arguments.of("§3 POST responses are not stored", RFC, post, false, 200, fresh, "method"),
        Arguments.of("§3 mode off", RouteCacheConfig.OFF, get, false, 200, fresh, "off"),
        Arguments.of("§3 5xx never stored", RFC, get, false, 503, fresh, "status"),
        Arguments.of("§3 500 never stored", RFC, get, false, 500, fresh, "status"),
        Arguments.of("§3 206 not stored", RFC, get, false, 206, fresh, "status"),
        Arguments.of("§3 304 is not a new entry", RFC, get, false, 304, fresh, "status"),
        Arguments.of("§3 1xx not stored", RFC, get, false, 100, fresh, "status"),
        Arguments.of(
            "§3 an unknown 2xx with explicit freshness", RFC, get, false, 299, fresh, "stored"),
        Arguments.of(
            "§5.2.2.3 must-understand, unknown status",
            RFC,
            get,
            false,
            299,
            Fields.of("Cache-Control", "max-age=60, must-understand, no-store"),
            "status"),
        Arguments.of(
            "§5.2.2.3 must-understand overrides no-store for a known status",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "max-age=60, must-understand, no-store"),
            "stored"),
        Arguments.of(
            "§5.2.2.5 no-store",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "no-store, max-age=60"),
            "no-store"),
        Arguments.of(
            "§5.2.2.5 no-store any case",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "No-Store"),
            "no-store"),
        Arguments.of(
            "§5.2.1.5 request no-store", RFC, noStoreReq, false, 200, fresh, "request-no-store"),
        Arguments.of(
            "§5.2.2.7 private in shared cache",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "private, max-age=60"),
            "private"),
        Arguments.of(
            "§5.2.2.7 qualified private treated as private",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "private=\"x-user\", max-age=60"),
            "private"),
        Arguments.of(
            "§5.2.2.7 private on per-credential route with credential",
            RFC_PER_CRED,
            get,
            true,
            200,
            Fields.of("Cache-Control", "private, max-age=60"),
            "stored"),
        Arguments.of(
            "§5.2.2.7 private on per-credential route anonymous",
            RFC_PER_CRED,
            get,
            false,
            200,
            Fields.of("Cache-Control", "private, max-age=60"),
            "private"),
        Arguments.of(
            "§3.5 Authorization without consent", RFC, get, true, 200, fresh, "credentials"),
        Arguments.of(
            "§3.5 Authorization with public",
            RFC,
            get,
            true,
            200,
            Fields.of("Cache-Control", "public, max-age=60"),
            "stored"),
        Arguments.of(
            "§3.5 Authorization with s-maxage",
            RFC,
            get,
            true,
            200,
            Fields.of("Cache-Control", "s-maxage=60"),
            "stored"),
        Arguments.of(
            "§3.5 Authorization with must-revalidate",
            RFC,
            get,
            true,
            200,
            Fields.of("Cache-Control", "max-age=60, must-revalidate"),
            "stored"),
        Arguments.of(
            "§3.5 per-credential route keys the credential",
            RFC_PER_CRED,
            get,
            true,
            200,
            fresh,
            "stored"),
        Arguments.of(
            "Set-Cookie never stored",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "public, max-age=60", "Set-Cookie", "a=b"),
            "set-cookie"),
        Arguments.of(
            "§4.1 Vary: * never stored",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "max-age=60", "Vary", "Accept, *"),
            "vary-star"),
        Arguments.of(
            "Content-Length above maxObjectSize",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "max-age=60", "Content-Length", "1001"),
            "too-large"),
        Arguments.of(
            "Content-Length at maxObjectSize",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "max-age=60", "Content-Length", "1000"),
            "stored"),
        Arguments.of(
            "RFC 9110 §14.4: a 200 with a malformed Content-Range is a complete answer",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "max-age=60", "Content-Range", "bytes 0-1/x"),
            "stored"),
        Arguments.of(
            "RFC 9110 §14.4: a 200 with a well-formed Content-Range is a complete answer",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "max-age=60", "Content-Range", "bytes 0-1/2"),
            "stored"),
        Arguments.of(
            "RFC 9110 §14.4: a 416 with Content-Range describes a range request",
            RFC,
            get,
            false,
            416,
            Fields.of("Cache-Control", "max-age=60", "Content-Range", "bytes */2"),
            "partial"),
        Arguments.of(
            "§3 no freshness, no validators", RFC, get, false, 200, Fields.of(), "no-freshness"),
        Arguments.of(
            "§3 validators make a stale copy worth keeping",
            RFC,
            get,
            false,
            200,
            Fields.of("ETag", "\"1\""),
            "stored"),
        Arguments.of(
            "§3 public without freshness",
            RFC,
            get,
            false,
            200,
            Fields.of("Cache-Control", "public"),
            "stored"),
        Arguments.of(
            "§3 Expires is explicit freshness",
            RFC,
            get,
            false,
            200,
            Fields.of("Expires", "0"),
            "stored"),
        Arguments.of(
            "§3 heuristic when enabled",
            HEURISTIC,
            get,
            false,
            200,
            Fields.of("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT"),
            "stored"),
        Arguments.of("§3 404 negative caching", NEGATIVE, get, false, 404, Fields.of(), "stored"),
        Arguments.of(
            "§3 404 without negative TTL", RFC, get, false, 404, Fields.of(), "no-freshness"),
        Arguments.of("§3 302 with max-age", RFC, get, false, 302, fresh, "stored"),
        Arguments.of(
            "override ignores no-store/private",
            OVERRIDE_PER_CRED,
            get,
            true,
            200,
            Fields.of("Cache-Control", "no-store, private"),
            "stored"),
        Arguments.of(
            "override public ignores credentials",
            OVERRIDE_PUBLIC,
            get,
            true,
            200,
            Fields.of(),
            "stored"),
        Arguments.of(
            "override shared never stores credentialed answers",
            OVERRIDE_SHARED,
            get,
            true,
            200,
            Fields.of(),
            "credentials"),
        Arguments.of(
            "override still refuses 5xx", OVERRIDE_PUBLIC, get, false, 502, Fields.of(), "status"),
        Arguments.of(
            "override still refuses Set-Cookie",
            OVERRIDE_PER_CRED,
            get,
            true,
            200,
            Fields.of("Set-Cookie", "s=1"),
            "set-cookie"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  @DisplayName("RFC 9111 §3: storing responses")
  void decide(
      String name,
      RouteCacheConfig route,
      CacheRequest req,
      boolean credentialed,
      int status,
      Fields headers,
      String reason) {
    Storability.Decision d =
        STORABILITY.decide(route, req, credentialed, status, headers, CacheControl.of(headers));
    assertThat(d.reason()).isEqualTo(reason);
    assertThat(d.store()).isEqualTo(reason.equals("stored"));
  }

  @Test
  void maxObjectSizeMustBePositive() {
    assertThatThrownBy(() -> new Storability(0)).hasMessage("maxObjectSize: 0 (expected: > 0)");
  }
}
