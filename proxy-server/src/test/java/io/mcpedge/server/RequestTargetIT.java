package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request targets and headers that could slip past the built-in route table's {@code
 * internal-denied} rule, its cached {@code static-assets} route, or the trust rules: each spelling
 * is sent on a raw socket (HTTP/1.1) or as a raw {@code :path} (HTTP/2) to the proxy running its
 * built-in config, and the test checks the answer and what the origin saw.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestTargetIT {

  private RecordingOrigin origin;
  private ProxyUnderTest proxy;
  private ProxyUnderTest decoding;
  private ProxyUnderTest keeping;

  @BeforeAll
  void start() throws Exception {
    origin = new RecordingOrigin();
    Map<String, String> env =
        Map.of(
            "EDGE_LISTEN", "127.0.0.1:0",
            "EDGE_ADMIN", "127.0.0.1:0",
            "EDGE_UPSTREAM", "http://127.0.0.1:" + origin.port());
    proxy = new ProxyUnderTest(ConfigLoader.loadDefault(env));
    String decode =
        ConfigLoader.defaultConfigText()
            .replace("escapedSlashes: reject", "escapedSlashes: decode");
    assertThat(decode).contains("escapedSlashes: decode");
    decoding = new ProxyUnderTest(ConfigLoader.parse(decode, "decode.yaml", env));
    String keep =
        ConfigLoader.defaultConfigText().replace("escapedSlashes: reject", "escapedSlashes: keep");
    keeping = new ProxyUnderTest(ConfigLoader.parse(keep, "keep.yaml", env));
  }

  @AfterAll
  void stop() {
    keeping.close();
    decoding.close();
    proxy.close();
    origin.close();
  }

  @BeforeEach
  void forget() {
    origin.seen().clear();
  }

  private static String get(String target, String method) {
    return method + " " + target + " HTTP/1.1\r\nHost: edge.test\r\nContent-Length: 0\r\n\r\n";
  }

  /** Nothing reached the origin whose path, decoded once as Uvicorn does, has an _internal part. */
  private void assertOriginNeverSawInternal() {
    for (RecordingOrigin.Seen s : origin.seen()) {
      assertThat(UvicornPaths.decodeOnce(s.uri()).replace('\\', '/'))
          .as("what the origin saw")
          .doesNotContain("/_internal/")
          .doesNotEndWith("/_internal");
    }
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "POST | /_internal%2Fmcp%2Frpc | 400",
        "POST | /_internal%2fmcp%2frpc | 400",
        "POST | /%5Finternal%2Fmcp%2Frpc | 400",
        "POST | /_internal%5Cmcp%5Crpc | 400",
        "POST | /_internal%5cmcp | 400",
        "POST | /_internal\\mcp\\rpc | 400",
        "POST | /x/..%2F_internal/mcp | 400",
        "POST | /x/%2E%2E/%5Finternal/mcp | 403",
        "POST | /x/./../_internal/mcp | 403",
        "POST | //_internal/mcp | 403",
        "POST | http://edge.test/%5Finternal/x | 403",
        "POST | http://edge.test/_internal%2Fx | 400",
        "POST | HTTP://other.example/a/../_internal/x | 403",
        "POST | http://edge.test//_internal/x?y=1 | 403",
        "POST | http://edge.test/_internal\\x | 400",
        "GET | /static%2Fx.css | 400",
        "GET | /static/..%2F_internal/x.css | 400",
        "GET | http://edge.test/static%5Cx.css | 400",
      })
  void escapedAndAbsoluteTargetsNeverReachTheOrigin(String method, String target, int status)
      throws Exception {
    RawHttp.Answer a = RawHttp.exchange(proxy.port(), get(target, method));
    assertThat(a.status()).isEqualTo(status);
    assertThat(origin.seen()).isEmpty();
  }

  /**
   * {@code %252F} is an escaped {@code %}: forwarded unchanged, and to a server that decodes once
   * it is the text {@code %2F} inside one segment, never a slash.
   */
  @Test
  void aDoubleEscapeIsForwardedAsItIs() throws Exception {
    RawHttp.Answer a = RawHttp.exchange(proxy.port(), get("/_internal%252Fmcp%252Frpc", "POST"));
    assertThat(a.status()).isEqualTo(200);
    assertThat(origin.seen())
        .extracting(RecordingOrigin.Seen::uri)
        .containsExactly("/_internal%252Fmcp%252Frpc");
    assertOriginNeverSawInternal();
  }

  /** With {@code escapedSlashes: decode} the routes see, and the upstream gets, the slashes. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/_internal%2Fmcp%2Frpc | 403 | ",
        "/%5Finternal%5Cmcp | 403 | ",
        "/x/..%2F_internal | 403 | ",
        "/_internal\\x | 403 | ",
        "/v1%2Ftools%2Fx?a=%2F | 200 | /v1/tools/x?a=%2F",
        "http://edge.test/a%2F..%2Fv1%2Fx | 200 | /v1/x",
      })
  void decodedSlashesAreRoutedAsTheUpstreamReadsThem(String target, int status, String forwarded)
      throws Exception {
    RawHttp.Answer a = RawHttp.exchange(decoding.port(), get(target, "POST"));
    assertThat(a.status()).isEqualTo(status);
    if (forwarded == null) {
      assertThat(origin.seen()).isEmpty();
    } else {
      assertThat(origin.seen()).extracting(RecordingOrigin.Seen::uri).containsExactly(forwarded);
    }
  }

  /** With {@code escapedSlashes: keep} they are routed and forwarded as sent (a raw \ as %5C). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/v1/a%2fb | /v1/a%2Fb",
        "/v1/a%5Cb | /v1/a%5Cb",
        "/v1/a\\b | /v1/a%5Cb",
        "/v1/..%2Fx | /v1/..%2Fx",
      })
  void keptSlashesAreForwardedAsSent(String target, String forwarded) throws Exception {
    RawHttp.Answer a = RawHttp.exchange(keeping.port(), get(target, "GET"));
    assertThat(a.status()).isEqualTo(200);
    assertThat(origin.seen()).extracting(RecordingOrigin.Seen::uri).containsExactly(forwarded);
  }

  /**
   * RFC 9112 §3.2.2: an absolute-form target's authority is the request's, on the wire and in the
   * cache key, so an answer fetched for another host is never served to a plain request.
   */
  @Test
  void anAbsoluteFormTargetCannotPoisonTheCache() throws Exception {
    RawHttp.Answer evil =
        RawHttp.exchange(proxy.port(), get("http://evil.example/static/x.css", "GET"));
    assertThat(evil.status()).isEqualTo(200);
    assertThat(evil.body()).isEqualTo("saw /static/x.css for evil.example\n");
    RawHttp.Answer plain = RawHttp.exchange(proxy.port(), get("/static/x.css", "GET"));
    assertThat(plain.body()).isEqualTo("saw /static/x.css for edge.test\n");
    assertThat(origin.seen()).hasSize(2);
    // The plain request's entry is now cached under its own authority.
    RawHttp.Answer again = RawHttp.exchange(proxy.port(), get("/static/x.css", "GET"));
    assertThat(again.body()).isEqualTo("saw /static/x.css for edge.test\n");
    RawHttp.Answer evilAgain =
        RawHttp.exchange(proxy.port(), get("http://evil.example/static/x.css", "GET"));
    assertThat(evilAgain.body()).isEqualTo("saw /static/x.css for evil.example\n");
    assertThat(origin.seen()).hasSize(2);
  }

  /** RFC 9112 §3.2: Host is required on HTTP/1.1, once, with a valid value ({@code ~}: CRLF). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing | ",
        "repeated | Host: edge.test~Host: edge.test",
        "repeated, different | Host: edge.test~Host: evil.example",
        "space | Host: edge.test evil.example",
        "user info | Host: user@edge.test",
        "path | Host: edge.test/static",
        "folded | Host: edge.test~\tevil.example",
        "backslash | Host: edge.test\\x",
      })
  void invalidHostFieldsAreRefused(String name, String hostLines) throws Exception {
    String head =
        "GET /static/h.css HTTP/1.1\r\n"
            + (hostLines == null ? "" : hostLines.replace("~", "\r\n") + "\r\n")
            + "\r\n";
    RawHttp.Answer a = RawHttp.exchange(proxy.port(), head);
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.head().toLowerCase(java.util.Locale.ROOT)).contains("\r\nconnection: close\r\n");
    assertThat(origin.seen()).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "GET /a\u0000b HTTP/1.1 | 400",
        "GET /a#frag HTTP/1.1 | 400",
        "GET /caf\u00e9 HTTP/1.1 | 400",
        "GET /v1/tools HTTP/1.2 | 505",
        "GET /v1/tools HTTP/2.0 | 505",
        "GET /v1/tools HTTP/0.9 | 505",
        "CONNECT edge.test:443 HTTP/1.1 | 405",
        "CONNECT /v1/tools HTTP/1.1 | 405",
        "GET ftp://edge.test/v1/tools HTTP/1.1 | 400",
        "GET * HTTP/1.1 | 400",
      })
  void badRequestLinesAreNotForwarded(String line, int status) throws Exception {
    RawHttp.Answer a = RawHttp.exchange(proxy.port(), line + "\r\nHost: edge.test\r\n\r\n");
    assertThat(a.status()).isEqualTo(status);
    assertThat(origin.seen()).isEmpty();
  }

  /** RFC 9113 §8.3.1, over HTTP/2: the proxy answers, and the origin sees nothing. */
  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "POST | /_internal%2Fmcp%2Frpc | 400",
        "POST | /%5Finternal%2fmcp | 400",
        "POST | /_internal%5Cmcp | 400",
        "POST | /_internal\\mcp | 400",
        "POST | /x/..%2F_internal/mcp | 400",
        "POST | http://edge.test/_internal/x | 400",
        "POST | http://edge.test/%5Finternal/x | 400",
        "POST | _internal/x | 400",
        "GET | http://evil.example/static/x.css | 400",
        "GET | static/x.css | 400",
        "GET | /static%2Fx.css | 400",
        "GET | /static/x.css#frag | 400",
        "CONNECT | /v1/tools | 405",
      })
  void http2PathsThatAreNotOriginFormAreRefused(String method, String path, String expected)
      throws Exception {
    try (H2Raw h2 = new H2Raw(proxy.port())) {
      assertThat(h2.request(method, "edge.test", path)).isEqualTo(expected);
      // The connection still serves a well-formed request.
      assertThat(h2.request("POST", "edge.test", "/%5Finternal/x")).isEqualTo("403");
    }
    assertThat(origin.seen()).isEmpty();
  }

  @Test
  void http2AbsolutePathCannotPoisonTheCache() throws Exception {
    try (H2Raw h2 = new H2Raw(proxy.port())) {
      assertThat(h2.request("GET", "evil.example", "http://evil.example/static/y.css"))
          .isEqualTo("400");
      assertThat(h2.request("GET", "edge.test", "/static/y.css")).isEqualTo("200");
    }
    assertThat(origin.seen()).hasSize(1);
    assertThat(origin.seen().get(0).headers().get("Host")).isEqualTo("edge.test");
  }

  /** The docs promise that client forwarding headers are never trusted. */
  @Test
  void clientIdentityHeadersNeverReachTheOrigin() throws Exception {
    String head =
        "GET /v1/whoami HTTP/1.1\r\nHost: edge.test\r\n"
            + "Forwarded: for=10.0.0.1;proto=https\r\nX-Real-IP: 10.0.0.1\r\n"
            + "True-Client-IP: 10.0.0.1\r\nX-Client-IP: 10.0.0.1\r\n"
            + "X-Forwarded-Port: 443\r\nX-Forwarded-Prefix: /admin\r\n"
            + "X-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: https\r\n"
            + "X-Forwarded-Host: admin.example\r\nX-Original-URL: /_internal/x\r\n\r\n";
    assertThat(RawHttp.exchange(proxy.port(), head).status()).isEqualTo(200);
    assertThat(origin.seen()).hasSize(1);
    io.netty.handler.codec.http.HttpHeaders h = origin.seen().get(0).headers();
    for (String name :
        List.of(
            "Forwarded",
            "X-Real-IP",
            "True-Client-IP",
            "X-Client-IP",
            "X-Forwarded-Port",
            "X-Forwarded-Prefix",
            "X-Original-URL")) {
      assertThat(h.contains(name)).as(name).isFalse();
    }
    assertThat(h.getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
    assertThat(h.getAll("X-Forwarded-Proto")).containsExactly("http");
    assertThat(h.getAll("X-Forwarded-Host")).containsExactly("edge.test");
  }

  /** A pipelined request with a body after a proxied one is answered, not left waiting. */
  @Test
  void pipelinedRequestsWithBodiesAreAllAnswered() throws Exception {
    String post = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
    String get = "GET /v1/ping HTTP/1.1\r\nHost: x\r\n\r\n";
    List<RawHttp.Answer> answers =
        RawHttp.exchange(proxy.port(), post + post + get + post + get, 5);
    assertThat(answers).extracting(RawHttp.Answer::status).containsExactly(200, 200, 200, 200, 200);
    assertThat(origin.seen())
        .extracting(RecordingOrigin.Seen::body)
        .containsExactly("hello", "hello", "", "hello", "");
  }

  /** The origin is sent the framing the proxy produces, and no framing from a trailer section. */
  @Test
  void onlyTheProxysFramingIsForwarded() throws Exception {
    String head =
        "POST /echo HTTP/1.1\r\nHost: edge.test\r\nTransfer-Encoding: identity, chunked\r\n\r\n"
            + "5\r\nhello\r\n0\r\nHost: evil.example\r\nContent-Length: 99\r\n"
            + "Transfer-Encoding: gzip\r\nX-Checksum: abc\r\n\r\n";
    assertThat(RawHttp.exchange(proxy.port(), head).status()).isEqualTo(200);
    RecordingOrigin.Seen s = origin.seen().get(0);
    assertThat(s.body()).isEqualTo("hello");
    assertThat(s.headers().getAll("Transfer-Encoding")).containsExactly("chunked");
    assertThat(s.headers().getAll("Host")).containsExactly("edge.test");
    assertThat(s.trailers().names()).containsExactly("X-Checksum");
  }

  /**
   * RFC 9112 §6.3: a request with both Content-Length and Transfer-Encoding may be a smuggling
   * attempt; it is refused (by the decoder) and goes nowhere.
   */
  @Test
  void contentLengthBesideChunkedIsRefused() throws Exception {
    String head =
        "POST /echo HTTP/1.1\r\nHost: edge.test\r\nContent-Length: 3\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    assertThat(RawHttp.exchange(proxy.port(), head).status()).isEqualTo(400);
    assertThat(origin.seen()).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {"gzip, chunked | 501", "chunked, chunked | 400", "identity | 400"})
  void unservableTransferCodingsAreRefused(String te, int status) throws Exception {
    String head =
        "POST /echo HTTP/1.1\r\nHost: edge.test\r\nTransfer-Encoding: "
            + te
            + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
    assertThat(RawHttp.exchange(proxy.port(), head).status()).isEqualTo(status);
    assertThat(origin.seen()).isEmpty();
  }
}
