package io.mcpedge.server.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The upstream HTTP/1.1 codec in memory: message framing by the request method (RFC 9110 §9.3.2,
 * §9.3.6, §15.2), when a connection may carry another request (RFC 9112 §6.3) and the shared
 * constants its response decoder returns.
 */
class UpstreamHttpCodecTest {

  private static EmbeddedChannel channel() {
    return new EmbeddedChannel(
        new UpstreamHttpCodec(
            new HttpDecoderConfig().setHeadersFactory(HeaderNameValidation.newFactory()),
            KnownHeaderNames.RESPONSES));
  }

  private static void send(EmbeddedChannel ch, HttpMethod method) {
    ch.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/x"));
    ByteBuf wire = ch.readOutbound();
    assertThat(wire.toString(StandardCharsets.US_ASCII)).startsWith(method.name() + " /x HTTP/1.1");
    wire.release();
  }

  private static List<Object> receive(EmbeddedChannel ch, String wire) {
    ch.writeInbound(Unpooled.copiedBuffer(wire, StandardCharsets.US_ASCII));
    List<Object> in = new ArrayList<>();
    for (Object m; (m = ch.readInbound()) != null; ) {
      in.add(m);
    }
    return in;
  }

  private static String body(List<Object> messages) {
    StringBuilder b = new StringBuilder();
    for (Object m : messages) {
      if (m instanceof HttpContent c) {
        b.append(c.content().toString(StandardCharsets.US_ASCII));
      }
    }
    return b.toString();
  }

  private static void release(List<Object> messages) {
    messages.forEach(ReferenceCountUtil::release);
  }

  @Test
  void headersNamesStatusAndVersionComeBackAsTheBytesSentWithKnownNamesShared() {
    EmbeddedChannel ch = channel();
    send(ch, HttpMethod.GET);
    List<Object> in =
        receive(
            ch,
            "HTTP/1.1 200 OK\r\nServer: nginx\r\ncontent-type: application/json\r\n"
                + "ETag: \"a\"\r\nX-Custom-Thing: 1\r\nCONTENT-LENGTH: 2\r\n\r\nok");
    HttpResponse res = (HttpResponse) in.get(0);
    assertThat(res.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(res.status().code()).isEqualTo(200);
    assertThat(res.status().reasonPhrase()).isEqualTo("OK");
    List<CharSequence> names = new ArrayList<>();
    res.headers().iteratorCharSequence().forEachRemaining(e -> names.add(e.getKey()));
    assertThat(names)
        .extracting(CharSequence::toString)
        .containsExactly("Server", "content-type", "ETag", "X-Custom-Thing", "CONTENT-LENGTH");
    // Known names in the listed or lower case are the table's constants; others are copies.
    assertThat(names.get(0)).isSameAs(KnownHeaderNames.RESPONSES.find(bytes("Server"), 0, 6));
    assertThat(names.get(1))
        .isSameAs(KnownHeaderNames.RESPONSES.find(bytes("content-type"), 0, 12));
    assertThat((Object) KnownHeaderNames.RESPONSES.find(bytes("CONTENT-LENGTH"), 0, 14)).isNull();
    assertThat(res.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
    assertThat(res.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(2);
    assertThat(body(in)).isEqualTo("ok");
    assertThat(in.get(in.size() - 1)).isInstanceOf(LastHttpContent.class);
    release(in);
    assertFalse(ch.finishAndReleaseAll());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP/1.1 404 Not Found",
        "HTTP/1.1 599 X",
        "HTTP/1.1 100 Continue",
        "HTTP/1.0 201 Created",
        "HTTP/1.1 200 Fine",
        "HTTP/1.1 200 ",
      })
  void anyStatusLineDecodesAsNettyDecodesIt(String line) {
    EmbeddedChannel ch = channel();
    send(ch, HttpMethod.GET);
    List<Object> in = receive(ch, line + "\r\nContent-Length: 0\r\n\r\n");
    HttpResponse res = (HttpResponse) in.get(0);
    String[] parts = line.split(" ", 3);
    assertThat(res.protocolVersion().text()).isEqualTo(parts[0]);
    assertThat(res.status().code()).isEqualTo(Integer.parseInt(parts[1]));
    if (!parts[2].isEmpty()) {
      assertThat(res.status().reasonPhrase()).isEqualTo(parts[2]);
    }
    release(in);
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aStatusCodeThatIsNotThreeDigitsIsRefused() {
    EmbeddedChannel ch = channel();
    send(ch, HttpMethod.GET);
    List<Object> in = receive(ch, "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n");
    assertThat(((HttpResponse) in.get(0)).decoderResult().isFailure()).isTrue();
    release(in);
    ch.finishAndReleaseAll();
  }

  @Test
  void theAnswerToHeadHasNoBodyWhateverItsContentLengthSays() {
    EmbeddedChannel ch = channel();
    send(ch, HttpMethod.HEAD);
    send(ch, HttpMethod.GET);
    List<Object> in =
        receive(
            ch,
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    // HEAD: the head and an empty last content; GET: the head and its five bytes.
    List<Object> heads = in.stream().filter(m -> m instanceof HttpResponse).toList();
    assertThat(heads).hasSize(2);
    assertThat(body(in)).isEqualTo("hello");
    assertThat(in.get(1)).isInstanceOf(LastHttpContent.class);
    assertThat(((LastHttpContent) in.get(1)).content().readableBytes()).isZero();
    release(in);
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void interimAnswersDoNotConsumeTheRequestsMethod() {
    EmbeddedChannel ch = channel();
    send(ch, HttpMethod.HEAD);
    List<Object> in =
        receive(
            ch,
            "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
    assertThat(in.stream().filter(m -> m instanceof HttpResponse).toList()).hasSize(2);
    assertThat(body(in)).isEmpty();
    release(in);
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aSuccessfulConnectTurnsTheConnectionIntoATunnelBothWays() {
    EmbeddedChannel ch = channel();
    send(ch, HttpMethod.CONNECT);
    List<Object> in = receive(ch, "HTTP/1.1 200 Connection Established\r\n\r\nHTTP/1.1 raw");
    assertThat(in.get(0)).isInstanceOf(HttpResponse.class);
    StringBuilder raw = new StringBuilder();
    for (Object m : in) {
      if (m instanceof ByteBuf b) {
        raw.append(b.toString(StandardCharsets.US_ASCII));
      }
    }
    assertThat(raw.toString()).isEqualTo("HTTP/1.1 raw");
    release(in);
    ch.writeOutbound(Unpooled.copiedBuffer("bytes out", StandardCharsets.US_ASCII));
    ByteBuf out = ch.readOutbound();
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("bytes out");
    out.release();
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void aRefusedConnectLeavesTheConnectionHttp() {
    EmbeddedChannel ch = channel();
    send(ch, HttpMethod.CONNECT);
    List<Object> in = receive(ch, "HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\nno");
    assertThat(body(in)).isEqualTo("no");
    release(in);
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void trailersOfAChunkedBodyArriveAndALengthFramedBodyEndsWithTheSharedEmptySet() {
    EmbeddedChannel ch = channel();
    send(ch, HttpMethod.GET);
    send(ch, HttpMethod.GET);
    send(ch, HttpMethod.GET);
    List<Object> in =
        receive(
            ch,
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nab"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2\r\ncd\r\n0\r\nServer-Timing: db;dur=5\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nef");
    List<LastHttpContent> lasts =
        in.stream()
            .filter(m -> m instanceof LastHttpContent)
            .map(m -> (LastHttpContent) m)
            .toList();
    assertThat(lasts).hasSize(3);
    assertThat(lasts.get(0).trailingHeaders()).isSameAs(EmptyHttpHeaders.INSTANCE);
    assertThat(lasts.get(1).trailingHeaders().get("server-timing")).isEqualTo("db;dur=5");
    assertThat(lasts.get(2).trailingHeaders()).isSameAs(EmptyHttpHeaders.INSTANCE);
    assertThat(body(in)).isEqualTo("abcdef");
    release(in);
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void everyListedNameIsFoundInItsCaseAndInLowerCaseAndNoOtherCase() {
    KnownHeaderNames names = new KnownHeaderNames("Content-Type", "ETag", "Mcp-Session-Id");
    for (Map.Entry<String, Boolean> e :
        Map.of(
                "Content-Type", true,
                "content-type", true,
                "ETag", true,
                "etag", true,
                "mcp-session-id", true,
                "Content-type", false,
                "ETAG", false,
                "Content-Typ", false,
                "Content-Types", false,
                "Date", false)
            .entrySet()) {
      byte[] padded = bytes("xx" + e.getKey() + "yy");
      AsciiString found = names.find(padded, 2, e.getKey().length());
      if (e.getValue()) {
        assertThat((Object) found).as(e.getKey()).isNotNull();
        assertThat(found.toString()).isEqualTo(e.getKey());
      } else {
        assertThat((Object) found).as(e.getKey()).isNull();
      }
    }
    assertThat((Object) names.find(new byte[0], 0, 0)).isNull();
  }

  @Test
  void theResponseTableFindsEachOfItsNames() {
    for (String name :
        new String[] {"Date", "Server", "Cache-Control", "Vary", "Sec-WebSocket-Accept"}) {
      byte[] b = bytes(name);
      assertThat((Object) KnownHeaderNames.RESPONSES.find(b, 0, b.length)).isNotNull();
      byte[] lower = bytes(name.toLowerCase(java.util.Locale.ROOT));
      assertThat((Object) KnownHeaderNames.RESPONSES.find(lower, 0, lower.length)).isNotNull();
    }
  }

  private static UpstreamHttpCodec newCodec() {
    return new UpstreamHttpCodec(
        new HttpDecoderConfig().setHeadersFactory(HeaderNameValidation.newFactory()),
        KnownHeaderNames.RESPONSES);
  }

  @Test
  void anInterimAnswerComesUpWholeAndTheConnectionWaitsForTheFinalOne() {
    UpstreamHttpCodec codec = newCodec();
    EmbeddedChannel ch = new EmbeddedChannel(codec);
    send(ch, HttpMethod.GET);
    List<Object> in = receive(ch, "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n");
    assertThat(in).hasSize(1);
    assertThat(in.get(0)).isInstanceOf(FullHttpResponse.class);
    assertThat(codec.isReusable()).as("the final answer is still to come").isFalse();
    release(in);
    in = receive(ch, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    assertThat(body(in)).isEqualTo("ok");
    assertThat(codec.isReusable()).isTrue();
    release(in);
    assertFalse(ch.finishAndReleaseAll());
  }

  /** RFC 9112 §6.3: which endings leave the connection fit for another request. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET|HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok|true",
        "GET|HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\n\r\n|true",
        "HEAD|HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n|true",
        "GET|HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n|true",
        "GET|HTTP/1.1 204 No Content\r\n\r\n|true",
        "GET|HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok|false",
        "GET|HTTP/1.1 200 OK\r\n\r\nuntil the close|false",
        "GET|HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA|false",
        "HEAD|HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok|false",
        "GET|HTTP/1.1 204 No Content\r\n\r\nX|false",
        "GET|HTTP/1.1 200 OK\r\nContent-Length: 9\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n|false",
        "GET|HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n|false",
      })
  void theConnectionIsReusableOnlyAfterAnAnswerThatEndedWhereItsFramingSaid(String row) {
    String[] cols = row.split("\\|");
    UpstreamHttpCodec codec = newCodec();
    EmbeddedChannel ch = new EmbeddedChannel(codec);
    send(ch, HttpMethod.valueOf(cols[0]));
    List<Object> in = receive(ch, cols[1]);
    assertThat(codec.isReusable()).as(cols[1]).isEqualTo(Boolean.parseBoolean(cols[2]));
    for (Object m : in) {
      if (m instanceof HttpResponse res && res.headers().contains("transfer-encoding")) {
        assertThat(res.headers().contains(HttpHeaderNames.CONTENT_LENGTH)).isFalse();
      }
    }
    release(in);
    ch.finishAndReleaseAll();
  }

  @Test
  void bytesThatNoRequestAskedForCloseTheConnection() {
    UpstreamHttpCodec codec = newCodec();
    EmbeddedChannel ch = new EmbeddedChannel(codec);
    send(ch, HttpMethod.GET);
    release(receive(ch, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
    assertThat(ch.isOpen()).isTrue();
    assertThat(receive(ch, "5F0C1D2E")).isEmpty();
    assertThat(ch.isOpen()).isFalse();
    assertThat(codec.isReusable()).isFalse();
    assertFalse(ch.finishAndReleaseAll());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
