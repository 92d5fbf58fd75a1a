package io.mcpedge.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.EscapedSlashes;
import io.mcpedge.server.exchange.Failure;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

  private static HttpRequest request(String method, String uri, String... hosts) {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri);
    for (String h : hosts) {
      req.headers().add("Host", h);
    }
    return req;
  }

  /** RFC 9112 §3.2.2: the authority comes from an absolute-form target; the path is normalised. */
  @ParameterizedTest(name = "{0} -> {1} {2}")
  @CsvSource({
    "http://evil.example/static/x.css, evil.example, /static/x.css",
    "HTTP://Evil.Example:81/a?q=1, Evil.Example:81, /a?q=1",
    "http://h/%5Finternal/x, h, /_internal/x",
    "http://h/a/../_internal/x?y, h, /_internal/x?y",
    "https://h, h, /",
    "http://h?x=1, h, /?x=1",
    "http://[::1]:8080/v1/tools, [::1]:8080, /v1/tools",
  })
  void absoluteFormBecomesOriginForm(String target, String authority, String originForm) {
    HttpRequest req = request("GET", target, "edge.test");
    assertThat(RequestTarget.check(req, false, EscapedSlashes.REJECT)).isNull();
    assertThat(req.uri()).isEqualTo(originForm);
    assertThat(req.headers().getAll("Host")).containsExactly(authority);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://h/_internal%2Fmcp",
        "http://h/_internal%5cmcp",
        "/_internal%2Fmcp%2Frpc",
        "/%5Finternal%2fmcp",
        "/_internal\\mcp",
        "/a%zz",
      })
  void escapedSlashesAndBadEscapesAreBadPaths(String target) {
    assertThat(RequestTarget.check(request("POST", target, "h"), false, EscapedSlashes.REJECT))
        .isEqualTo(Failure.BAD_PATH);
  }

  @Test
  void decodedSlashesAreRoutedAndForwardedDecoded() {
    HttpRequest req = request("POST", "/static/..%2F%5Finternal%2Fmcp?a=%2F", "h");
    assertThat(RequestTarget.check(req, false, EscapedSlashes.DECODE)).isNull();
    assertThat(req.uri()).isEqualTo("/_internal/mcp?a=%2F");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/a\u0000b",
        "/a#frag",
        "/caf\u00e9",
        "/a\u007f",
        "ftp://h/x",
        "h/x",
        "_internal/x",
        "*",
        "http:/h/x",
      })
  void targetsThatAreNotOriginOrAbsoluteFormAreRefused(String target) {
    Failure f = RequestTarget.check(request("GET", target, "h"), false, EscapedSlashes.REJECT);
    assertThat(f).isIn(Failure.BAD_TARGET, Failure.BAD_HOST);
  }

  @Test
  void asteriskFormIsForOptionsOnly() {
    assertThat(RequestTarget.check(request("OPTIONS", "*", "h"), false, EscapedSlashes.REJECT))
        .isNull();
  }

  /** RFC 9113 §8.3.1: an HTTP/2 {@code :path} starts with {@code /}, or is {@code *}. */
  @ParameterizedTest
  @ValueSource(strings = {"http://h/_internal/x", "_internal/x", "h:80"})
  void http2PathsMustBeOriginForm(String path) {
    assertThat(RequestTarget.check(request("GET", path, "h"), true, EscapedSlashes.REJECT))
        .isEqualTo(Failure.BAD_TARGET);
  }

  /** RFC 9112 §3.2. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a b",
        "user@host",
        "host/x",
        "host\\x",
        "a b\tc",
        "host:80a",
        "host:123456",
        "[::1",
        "[zz]",
        "h?x",
        "h#x",
        "caf\u00e9",
      })
  void invalidHostValuesAreRefused(String host) {
    assertThat(RequestTarget.check(request("GET", "/x", host), false, EscapedSlashes.REJECT))
        .isEqualTo(Failure.BAD_HOST);
  }

  @ParameterizedTest
  @ValueSource(strings = {"edge.test", "edge.test:8080", "127.0.0.1:80", "[::1]:443", "", "a-b_c~"})
  void validHostValuesPass(String host) {
    assertThat(RequestTarget.check(request("GET", "/x", host), false, EscapedSlashes.REJECT))
        .isNull();
  }

  @Test
  void http11NeedsExactlyOneHost() {
    assertThat(RequestTarget.check(request("GET", "/x"), false, EscapedSlashes.REJECT))
        .isEqualTo(Failure.BAD_HOST);
    assertThat(RequestTarget.check(request("GET", "/x", "a", "a"), false, EscapedSlashes.REJECT))
        .isEqualTo(Failure.BAD_HOST);
    assertThat(
            RequestTarget.check(
                request("GET", "http://h/x", "a", "b"), false, EscapedSlashes.REJECT))
        .isEqualTo(Failure.BAD_HOST);
    HttpRequest http10 = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/x");
    assertThat(RequestTarget.check(http10, false, EscapedSlashes.REJECT)).isNull();
    assertThat(RequestTarget.check(request("GET", "/x"), true, EscapedSlashes.REJECT)).isNull();
  }

  /** RFC 9113 §8.3.1: {@code :authority} and {@code host} may both come, naming one authority. */
  @Test
  void http2AuthorityAndHostMustAgree() {
    HttpRequest same = request("GET", "/x", "h:80", "h:80");
    assertThat(RequestTarget.check(same, true, EscapedSlashes.REJECT)).isNull();
    assertThat(same.headers().getAll("Host")).containsExactly("h:80");
    assertThat(RequestTarget.check(request("GET", "/x", "h", "evil"), true, EscapedSlashes.REJECT))
        .isEqualTo(Failure.BAD_HOST);
  }

  @Test
  void absoluteFormAuthorityMustBeAValidHost() {
    assertThat(
            RequestTarget.check(
                request("GET", "http://user@h/x", "h"), false, EscapedSlashes.REJECT))
        .isEqualTo(Failure.BAD_HOST);
    assertThat(RequestTarget.check(request("GET", "http:///x", "h"), false, EscapedSlashes.REJECT))
        .isEqualTo(Failure.BAD_HOST);
  }

  @Test
  void connectIsNotServed() {
    assertThat(RequestTarget.check(request("CONNECT", "h:443", "h"), false, EscapedSlashes.REJECT))
        .isEqualTo(Failure.NOT_A_TUNNEL);
  }
}
