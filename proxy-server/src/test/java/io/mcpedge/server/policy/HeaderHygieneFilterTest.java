package io.mcpedge.server.policy;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.server.codec.HeaderNames;
import io.mcpedge.server.codec.NettyRequestHead;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.RequestBody;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 9110 §7.6.1 (hop-by-hop fields) and §7.6.3 (Via), in both directions. */
class HeaderHygieneFilterTest {

  @ParameterizedTest(name = "{0} -> removed {1}, kept {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Connection: close | connection | x-a",
        "Connection: X-A | connection,x-a | x-b",
        "Connection: keep-alive, X-A , x-b | x-a,x-b | x-c",
        "Keep-Alive: timeout=5 | keep-alive | x-a",
        "Proxy-Connection: keep-alive | proxy-connection | x-a",
        "Upgrade: websocket | upgrade | x-a",
        "x-http2-stream-id: 3 | x-http2-stream-id | x-a",
        "x-http2-scheme: http | x-http2-scheme | x-a",
        "CONNECTION: close | connection | x-a",
        "KEEP-ALIVE: timeout=5 | keep-alive | x-abcdefgh",
        "PROXY-Connection: close | proxy-connection | x-transfer-encodin",
        "X-HTTP2-Path: /p | x-http2-path | x-http2,x-http2-",
        "Transfer-Encoding: chunked | connection | transfer-encoding,te,x-a",
      })
  void rfc9110Section7_6_1_hopByHopFieldsAreRemoved(String field, String removed, String kept) {
    HttpHeaders h = new DefaultHttpHeaders();
    int colon = field.indexOf(':');
    h.add(field.substring(0, colon).trim(), field.substring(colon + 1).trim());
    for (String n : (removed + "," + kept + ",x-a,x-b,x-c").split(",")) {
      if (!h.contains(n.trim())) {
        h.add(n.trim(), "v");
      }
    }
    HeaderHygieneFilter.stripHopByHop(h, false);
    for (String r : removed.split(",")) {
      assertThat(h.contains(r.trim())).as(r).isFalse();
    }
    for (String k : kept.split(",")) {
      assertThat(h.contains(k.trim())).as(k).isTrue();
    }
  }

  @Test
  void everyHttp2ConversionNameIsRemovedWhateverItsCase() {
    for (var name : HeaderNames.HTTP2_EXTENSIONS) {
      HttpHeaders h = new DefaultHttpHeaders();
      h.add(name.toUpperCase().toString(), "1").add("x-kept", "1");
      HeaderHygieneFilter.stripHopByHop(h, false);
      assertThat(h.names()).as(name.toString()).containsExactly("x-kept");
    }
  }

  @Test
  void requestGetsForwardingHeadersViaAndOnlyTeTrailers() {
    EmbeddedChannel ch = new EmbeddedChannel();
    DefaultHttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/x");
    req.headers()
        .add("Host", "edge.test")
        .add("TE", "trailers, deflate;q=0.5")
        .add("X-Forwarded-For", "203.0.113.9")
        .add("X-Forwarded-Proto", "https")
        .add("X-Forwarded-Host", "evil.test")
        .add("Via", "1.0 other");
    Exchange ex = exchange(ch, req);
    List<HttpResponse> heads = new ArrayList<>();
    new HeaderHygieneFilter(true, false)
        .filter(
            ex,
            (e, sink) -> {
              HttpResponse res =
                  new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
              res.headers()
                  .add("Connection", "X-Secret")
                  .add("X-Secret", "1")
                  .add("Transfer-Encoding", "chunked")
                  .add("Keep-Alive", "timeout=1")
                  .add("X-Kept", "1");
              sink.onHead(res);
            },
            new Capture(heads));

    HttpHeaders h = req.headers();
    assertThat(h.get("TE")).isEqualTo("trailers");
    assertThat(h.contains("X-Forwarded-For"))
        .as("no client address on this channel: nothing is claimed")
        .isFalse();
    assertThat(h.get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(h.get("X-Forwarded-Host")).isEqualTo("edge.test");
    assertThat(h.getAll("Via")).containsExactly("1.0 other", "1.1 mcp-edge");
    assertThat(req.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);

    HttpHeaders rh = heads.get(0).headers();
    assertThat(rh.names()).containsExactlyInAnyOrder("X-Kept", "via");
    assertThat(rh.get("Via")).isEqualTo("2 mcp-edge");
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void teWithoutTrailersIsDropped() {
    EmbeddedChannel ch = new EmbeddedChannel();
    DefaultHttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/x");
    req.headers().add("TE", "gzip");
    new HeaderHygieneFilter(false, false)
        .filter(exchange(ch, req), (e, s) -> {}, new Capture(new ArrayList<>()));
    assertThat(req.headers().contains("TE")).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  /** RFC 9110 §6.5.1: fields that frame, route or authenticate are never taken from trailers. */
  @Test
  void trailersLoseTheFieldsThatFrameOrRoute() {
    HttpHeaders t = new DefaultHttpHeaders();
    t.add("Host", "evil.example")
        .add("Content-Length", "5")
        .add("Transfer-Encoding", "chunked")
        .add("Trailer", "X-Checksum")
        .add("Authorization", "Bearer forged")
        .add("X-Forwarded-For", "10.0.0.1")
        .add("X-ContextForge-Internal", "1")
        .add("X-Checksum", "abc");
    HeaderHygieneFilter.forwardTrailers(t, null);
    assertThat(t.names()).containsExactly("X-Checksum");
  }

  @Test
  void trailersLoseTheirConnectionSpecificFieldsAndThoseTheirHeadNominated() {
    EmbeddedChannel ch = new EmbeddedChannel();
    DefaultHttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/x");
    req.headers().add("Connection", "X-Req-Secret").add("Transfer-Encoding", "chunked");
    RequestBody body = new RequestBody(ch, 1024, false);
    // The whole body arrived with the head, before the filter ran: its trailers are held.
    LastHttpContent held = new DefaultLastHttpContent();
    held.trailingHeaders()
        .add("X-Req-Secret", "1")
        .add("Keep-Alive", "timeout=1")
        .add("Connection", "X-Also")
        .add("X-Also", "1")
        .add("X-Checksum", "abc");
    body.offer(held);
    Exchange ex = exchange(ch, req, body);
    List<HttpHeaders> responseTrailers = new ArrayList<>();
    new HeaderHygieneFilter(false, false)
        .filter(
            ex,
            (e, sink) -> {
              HttpResponse res =
                  new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
              res.headers()
                  .add("Connection", "X-Secret, keep-alive")
                  .add("Transfer-Encoding", "chunked");
              sink.onHead(res);
              sink.onContent(new DefaultHttpContent(Unpooled.copiedBuffer("data", US_ASCII)));
              LastHttpContent last = new DefaultLastHttpContent();
              last.trailingHeaders()
                  .add("x-secret", "1")
                  .add("Keep-Alive", "timeout=1")
                  .add("Connection", "X-Other")
                  .add("X-Other", "1")
                  .add("TE", "trailers")
                  .add("Upgrade", "h2c")
                  .add("Proxy-Connection", "close")
                  .add("x-http2-stream-id", "3")
                  .add("X-Sum", "def");
              sink.onContent(last);
              sink.onContent(LastHttpContent.EMPTY_LAST_CONTENT); // immutable, empty: untouched
            },
            new ResponseSink() {
              @Override
              public void onHead(HttpResponse head) {}

              @Override
              public void onContent(HttpContent chunk) {
                if (chunk instanceof LastHttpContent last) {
                  responseTrailers.add(last.trailingHeaders());
                }
                chunk.release();
              }

              @Override
              public void onError(Throwable cause) {
                throw new AssertionError(cause);
              }
            });

    assertThat(responseTrailers).hasSize(2);
    assertThat(responseTrailers.get(0).names()).containsExactly("X-Sum");
    assertThat(responseTrailers.get(1).isEmpty()).isTrue();

    List<HttpContent> sent = new ArrayList<>();
    body.subscribe(collectInto(sent));
    assertThat(sent).hasSize(1);
    assertThat(((LastHttpContent) sent.get(0)).trailingHeaders().names())
        .containsExactly("X-Checksum");
    sent.forEach(HttpContent::release);
    body.release();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void requestTrailersThatArriveLaterAreFilteredOnArrival() {
    EmbeddedChannel ch = new EmbeddedChannel();
    DefaultHttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/x");
    req.headers().add("Connection", "X-Req-Secret").add("Transfer-Encoding", "chunked");
    RequestBody body = new RequestBody(ch, 0, false);
    Exchange ex = exchange(ch, req, body);
    List<HttpContent> sent = new ArrayList<>();
    new HeaderHygieneFilter(false, false)
        .filter(
            ex, (e, sink) -> e.body().subscribe(collectInto(sent)), new Capture(new ArrayList<>()));
    LastHttpContent last = new DefaultLastHttpContent();
    last.trailingHeaders().add("X-REQ-SECRET", "1").add("TE", "trailers").add("X-Checksum", "a");
    body.offer(last);
    assertThat(sent).hasSize(1);
    assertThat(((LastHttpContent) sent.get(0)).trailingHeaders().names())
        .containsExactly("X-Checksum");
    sent.forEach(HttpContent::release);
    assertFalse(ch.finishAndReleaseAll());
  }

  static Exchange exchange(EmbeddedChannel ch, DefaultHttpRequest req) {
    return exchange(ch, req, new RequestBody(ch, 0, true));
  }

  private static Exchange exchange(EmbeddedChannel ch, DefaultHttpRequest req, RequestBody body) {
    return new Exchange(
        null,
        new NettyRequestHead(req),
        body,
        ch,
        Exchange.Protocol.HTTP_1_1,
        "test",
        System::nanoTime);
  }

  private static RequestBody.Subscriber collectInto(List<HttpContent> sent) {
    return new RequestBody.Subscriber() {
      @Override
      public void onChunk(HttpContent chunk) {
        sent.add(chunk);
      }

      @Override
      public void onBatchEnd() {}
    };
  }

  private record Capture(List<HttpResponse> heads) implements ResponseSink {
    @Override
    public void onHead(HttpResponse head) {
      heads.add(head);
    }

    @Override
    public void onContent(HttpContent chunk) {
      chunk.release();
    }

    @Override
    public void onError(Throwable cause) {
      throw new AssertionError(cause);
    }
  }
}
