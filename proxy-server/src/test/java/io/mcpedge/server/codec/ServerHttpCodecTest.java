package io.mcpedge.server.codec;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server HTTP/1.1 codec against Netty's {@code HttpServerCodec} on the same bytes: the same
 * decoded messages or the same errors for well-formed, malformed and hostile requests (RFC 9112
 * §2.2, §3, §5, §6, §7.1: limits, obs-fold, {@code Transfer-Encoding} beside {@code
 * Content-Length}, duplicate lengths, bad chunk sizes), and the same bytes on the wire for the
 * answers (HEAD, CONNECT, interim answers, chunked bodies, a close after a request framed twice).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerHttpCodecTest {

  private static HttpDecoderConfig config() {
    return new HttpDecoderConfig()
        .setHeadersFactory(HeaderNameValidation.newFactory())
        .setMaxInitialLineLength(96)
        .setMaxHeaderSize(512)
        .setMaxChunkSize(64);
  }

  private static final List<Supplier<ChannelHandler>> CODECS =
      List.of(() -> new HttpServerCodec(config()), () -> new ServerHttpCodec(config()));

  /** What a channel made of {@code codec} decodes from {@code chunks}, as comparable text. */
  private static List<String> decode(ChannelHandler codec, List<byte[]> chunks) {
    EmbeddedChannel ch = new EmbeddedChannel(codec);
    List<String> seen = new ArrayList<>();
    for (byte[] chunk : chunks) {
      try {
        ch.writeInbound(Unpooled.wrappedBuffer(chunk));
      } catch (RuntimeException e) {
        seen.add("error " + e.getClass().getName() + ": " + e.getMessage());
      }
      for (Object m; (m = ch.readInbound()) != null; ) {
        seen.add(describe(m));
        ReferenceCountUtil.release(m);
      }
    }
    seen.add("open " + ch.isOpen());
    ch.finishAndReleaseAll();
    return seen;
  }

  private static String describe(Object m) {
    StringBuilder b = new StringBuilder(m.getClass().getSimpleName());
    if (m instanceof HttpObject o) {
      b.append(' ').append(result(o.decoderResult()));
    }
    if (m instanceof HttpRequest r) {
      b.append(' ').append(r.method().name()).append(' ').append(r.uri());
      b.append(' ').append(r.protocolVersion().text());
      fields(b, r.headers());
    }
    if (m instanceof HttpContent c) {
      b.append(" [").append(c.content().toString(ISO_8859_1)).append(']');
    }
    if (m instanceof LastHttpContent l) {
      fields(b, l.trailingHeaders());
    }
    return b.toString();
  }

  private static String result(DecoderResult r) {
    return r.isSuccess() ? "ok" : r.cause().getClass().getName() + ": " + r.cause().getMessage();
  }

  private static void fields(StringBuilder b, HttpHeaders h) {
    for (Map.Entry<String, String> e : h) {
      b.append(" {").append(e.getKey()).append(": ").append(e.getValue()).append('}');
    }
  }

  private static void assertSameDecoding(String wire, Random random) {
    byte[] bytes = wire.getBytes(ISO_8859_1);
    List<byte[]> whole = List.of(bytes);
    List<byte[]> pieces = split(bytes, random);
    for (List<byte[]> chunks : List.of(whole, pieces)) {
      List<String> netty = decode(CODECS.get(0).get(), chunks);
      List<String> own = decode(CODECS.get(1).get(), chunks);
      assertThat(own)
          .as("decoding %s", wire.replace("\r", "\\r").replace("\n", "\\n"))
          .isEqualTo(netty);
    }
  }

  private static List<byte[]> split(byte[] bytes, Random random) {
    List<byte[]> chunks = new ArrayList<>();
    int at = 0;
    while (at < bytes.length) {
      int n = Math.min(bytes.length - at, 1 + random.nextInt(24));
      byte[] c = new byte[n];
      System.arraycopy(bytes, at, c, 0, n);
      chunks.add(c);
      at += n;
    }
    return chunks;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: x\r\nAuthorization: Bearer t\r\n\r\n",
        "get / HTTP/1.1\r\nhost: a\r\nuser-agent: x\r\nAUTHORIZATION: b\r\n\r\n",
        "PURGE /x HTTP/1.1\r\nHost: a\r\n\r\n",
        "HEAD /x HTTP/1.0\r\nHost: a\r\n\r\nOPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "POST /p HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello",
        "POST /p HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
        "POST /p HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\nhello",
        "POST /p HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST /p HTTP/1.1\r\nContent-Length: +5\r\n\r\nhello",
        "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n"
            + "3\r\nabc\r\n0\r\n\r\nGET /next HTTP/1.1\r\n\r\n",
        "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\n"
            + "Trailer-Field: v\r\nContent-Length: 9\r\n\r\n",
        "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
        "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nx\r\n",
        "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
        "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n -5\r\nhello\r\n0\r\n\r\n",
        "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "80\r\n"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            + "\r\n0\r\n\r\n",
        "POST /p HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
        "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX-Folded: one\r\n two\r\n\r\n",
        "GET / HTTP/1.1\r\n Host: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
        "GET / HTTP/1.1\r\nHo st: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost\r\n\r\n",
        "GET / HTTP/1.1\r\n: empty\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\u0001b\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n",
        "GET / HTTP/1.1\nHost: a\n\n",
        "GET / HTTP/1.1\r\nHost: a\n\r\n",
        "GET  /  HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /\tHTTP/1.1\r\n\r\n",
        "GET / HTTP/1.2\r\n\r\n",
        "GET / FOO/1.1\r\n\r\n",
        "GET / http/1.1\r\n\r\n",
        "GET\r\n\r\n",
        "\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            + " HTTP/1.1\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        "GET / HTTP/1.1\r\nUpgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\n"
            + "HTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n",
        "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
        "POST /p HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok",
        "CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n",
      })
  void decodesAsNettyDoes(String wire) {
    assertSameDecoding(wire, new Random(wire.hashCode()));
  }

  @Test
  void decodesHeadersTooLargeAsNettyDoes() {
    String big = "GET / HTTP/1.1\r\n" + "X-Filler: " + "v".repeat(600) + "\r\n\r\n";
    assertSameDecoding(big, new Random(1));
    StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
    for (int i = 0; i < 40; i++) {
      many.append("Accept-Language: en\r\n");
    }
    assertSameDecoding(many.append("\r\n").toString(), new Random(2));
  }

  @Test
  void decodesRandomRequestsAsNettyDoes() {
    Random random = new Random(23);
    for (int i = 0; i < 3_000; i++) {
      assertSameDecoding(RandomRequests.next(random), random);
    }
  }

  @Test
  void refusesTheSameDeepPipelineAsNetty() {
    String many =
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n".repeat(ServerHttpCodec.MAX_PIPELINE_DEPTH + 2);
    assertSameDecoding(many, new Random(3));
  }

  @Test
  void knownNamesAndMethodsAreSharedAndKeepTheirCase() {
    EmbeddedChannel ch = new EmbeddedChannel(new ServerHttpCodec(config()));
    ch.writeInbound(
        Unpooled.copiedBuffer(
            "DELETE /x HTTP/1.1\r\nHost: a\r\nuser-agent: u\r\nAuthorization: b\r\n"
                + "X-Other: o\r\n\r\n",
            ISO_8859_1));
    HttpRequest req = ch.readInbound();
    List<CharSequence> names = new ArrayList<>();
    req.headers().iteratorCharSequence().forEachRemaining(e -> names.add(e.getKey()));
    assertThat(names.get(1)).isSameAs(KnownHeaderNames.REQUESTS.find(bytes("user-agent"), 0, 10));
    assertThat(names.get(2))
        .isSameAs(KnownHeaderNames.REQUESTS.find(bytes("Authorization"), 0, 13));
    assertThat(names.stream().map(CharSequence::toString))
        .containsExactly("Host", "user-agent", "Authorization", "X-Other");
    assertThat(req.method().name()).isSameAs(KnownMethods.find(bytes("DELETE"), 0, 6));
    ReferenceCountUtil.release(req);
    Object last = ch.readInbound();
    assertThat(last).isInstanceOf(LastHttpContent.class);
    assertFalse(ch.finishAndReleaseAll());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(ISO_8859_1);
  }

  // ---- encoding

  /** The bytes a channel made of {@code codec} writes for these answers to these requests. */
  private static String encode(ChannelHandler codec, String requests, List<Supplier<Object>> out) {
    EmbeddedChannel ch = new EmbeddedChannel(codec);
    ch.writeInbound(Unpooled.copiedBuffer(requests, ISO_8859_1));
    for (Object m; (m = ch.readInbound()) != null; ) {
      ReferenceCountUtil.release(m);
    }
    StringBuilder wire = new StringBuilder();
    for (Supplier<Object> answer : out) {
      ch.writeOutbound(answer.get());
      for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
        wire.append(b.toString(ISO_8859_1));
        b.release();
      }
    }
    wire.append("|open ").append(ch.isOpen());
    ch.finishAndReleaseAll();
    return wire.toString();
  }

  private static void assertSameEncoding(String requests, List<Supplier<Object>> answers) {
    String netty = encode(CODECS.get(0).get(), requests, answers);
    String own = encode(CODECS.get(1).get(), requests, answers);
    assertThat(own).isEqualTo(netty);
  }

  private static HttpHeaders compact(String... fields) {
    HttpHeaders h = HeaderNameValidation.newFactory().newHeaders();
    for (int i = 0; i < fields.length; i += 2) {
      h.add(fields[i], fields[i + 1]);
    }
    return h;
  }

  private static Supplier<Object> full(HttpResponseStatus status, HttpHeaders h, String body) {
    return () ->
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            Unpooled.copiedBuffer(body, ISO_8859_1),
            h.copy(),
            new DefaultHttpHeaders());
  }

  @Test
  void encodesAnswersAsNettyDoes() {
    HttpHeaders plain =
        compact("Content-Type", "text/plain", "Content-Length", "2", "X-Latin", "\u00fc");
    HttpHeaders netty = new DefaultHttpHeaders().add("Content-Length", 2).add("Server", "s");
    assertSameEncoding(
        "GET /a HTTP/1.1\r\n\r\nHEAD /b HTTP/1.1\r\n\r\nGET /c HTTP/1.1\r\n\r\n"
            + "GET /d HTTP/1.1\r\n\r\nGET /e HTTP/1.1\r\n\r\n",
        List.of(
            full(HttpResponseStatus.OK, plain, "ok"),
            full(HttpResponseStatus.OK, netty, "ok"),
            full(HttpResponseStatus.CONTINUE, compact(), ""),
            full(HttpResponseStatus.valueOf(299, "Custom"), plain, "ok"),
            () ->
                new DefaultHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.NOT_FOUND,
                    compact("Transfer-Encoding", "chunked")),
            () -> new DefaultHttpContent(Unpooled.copiedBuffer("abc", ISO_8859_1)),
            () -> {
              LastHttpContent last = new DefaultLastHttpContent();
              last.trailingHeaders().add("T", "v");
              return last;
            },
            () ->
                new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_0, HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER)));
  }

  @Test
  void encodesAnswersToConnectAndHeadAsNettyDoes() {
    assertSameEncoding(
        "CONNECT a:443 HTTP/1.1\r\n\r\nHEAD /h HTTP/1.1\r\n\r\n",
        List.of(
            full(HttpResponseStatus.OK, compact("Transfer-Encoding", "chunked"), ""),
            full(HttpResponseStatus.OK, compact("Content-Length", "10"), "")));
  }

  @Test
  void closesAfterAnsweringARequestFramedTwiceAsNettyDoes() {
    assertSameEncoding(
        "POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n",
        List.of(full(HttpResponseStatus.OK, compact("Content-Length", "0"), "")));
  }

  @Test
  void writesAHitsStoredBlockAsNettysEncoderWroteIt() {
    HttpHeaders stored =
        new DefaultHttpHeaders()
            .add("Content-Type", "application/json")
            .add("ETag", "\"abc\"")
            .add("Cache-Control", "max-age=60")
            .add("Content-Length", "2");
    HeadBlock block =
        HeadBlock.of(stored, new AsciiString[] {AsciiString.cached("content-length")});
    Supplier<Object> hit =
        () -> {
          BlockHeaders h = new BlockHeaders(block);
          h.set("Content-Length", "2");
          h.set("Age", "3");
          return new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.OK,
              Unpooled.copiedBuffer("{}", ISO_8859_1),
              h,
              new DefaultHttpHeaders());
        };
    Supplier<Object> onWire =
        () -> {
          DefaultFullHttpResponse r = (DefaultFullHttpResponse) hit.get();
          ((BlockHeaders) r.headers()).onWire();
          return r;
        };
    Supplier<Object> touched =
        () -> {
          DefaultFullHttpResponse r = (DefaultFullHttpResponse) hit.get();
          r.headers().set("ETag", "\"new\""); // copies the block in
          return r;
        };
    assertSameEncoding("GET /a HTTP/1.1\r\n\r\n".repeat(3), List.of(hit, onWire, touched));
    String own = encode(new ServerHttpCodec(config()), "GET /a HTTP/1.1\r\n\r\n", List.of(hit));
    assertThat(own)
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: \"abc\"\r\n"
                + "Cache-Control: max-age=60\r\nContent-Length: 2\r\nAge: 3\r\n\r\n{}|open true");
  }

  /** Requests built from well-formed and hostile pieces, in random order and case. */
  private static final class RandomRequests {
    private static final String[] METHODS = {
      "GET",
      "POST",
      "HEAD",
      "PUT",
      "DELETE",
      "OPTIONS",
      "PATCH",
      "CONNECT",
      "TRACE",
      "get",
      "PRI",
      "G\u00e9T",
      ""
    };
    private static final String[] VERSIONS = {
      "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/1.2", "http/1.1", "HTTP/2.0", "HTTP/1.1 "
    };
    private static final String[] NAMES = {
      "Host",
      "host",
      "HOST",
      "User-Agent",
      "user-agent",
      "Authorization",
      "authorization",
      "Accept",
      "Accept-Encoding",
      "Content-Type",
      "Connection",
      "Upgrade",
      "Expect",
      "Mcp-Session-Id",
      "mcp-session-id",
      "traceparent",
      "X-Custom",
      "x",
      "TE",
      "Te",
      "Sec-WebSocket-Key",
      "Bad Name",
      "Bad:",
      "B\u00e4d",
      "Cookie",
      "Via",
      "Forwarded"
    };
    private static final String[] VALUES = {
      "v",
      "",
      " padded ",
      "a, b",
      "bearer xyz",
      "100-continue",
      "close",
      "keep-alive",
      "a\u0000b",
      "\u00e9t\u00e9",
      "x\r\n y"
    };
    private static final String[] EOLS = {"\r\n", "\r\n", "\r\n", "\n"};

    static String next(Random r) {
      String eol = EOLS[r.nextInt(EOLS.length)];
      StringBuilder b = new StringBuilder();
      int requests = 1 + r.nextInt(3);
      for (int q = 0; q < requests; q++) {
        b.append(pick(r, METHODS)).append(' ').append(uri(r)).append(' ');
        b.append(pick(r, VERSIONS)).append(eol);
        int fields = r.nextInt(8);
        for (int i = 0; i < fields; i++) {
          b.append(pick(r, NAMES)).append(": ").append(pick(r, VALUES)).append(eol);
        }
        body(r, b, eol);
      }
      return b.toString();
    }

    private static void body(Random r, StringBuilder b, String eol) {
      switch (r.nextInt(6)) {
        case 0 -> {
          String body = "x".repeat(r.nextInt(80));
          b.append("Content-Length: ").append(body.length()).append(eol).append(eol).append(body);
        }
        case 1 -> {
          b.append("Transfer-Encoding: chunked").append(eol).append(eol);
          chunks(r, b);
        }
        case 2 -> {
          b.append("Transfer-Encoding: chunked").append(eol);
          b.append("Content-Length: ").append(r.nextInt(9)).append(eol).append(eol);
          chunks(r, b);
        }
        case 3 -> {
          b.append("Content-Length: 3").append(eol).append("Content-Length: ");
          b.append(r.nextBoolean() ? "3" : "4").append(eol).append(eol).append("abcd");
        }
        default -> b.append(eol);
      }
    }

    private static void chunks(Random r, StringBuilder b) {
      int n = r.nextInt(4);
      for (int i = 0; i < n; i++) {
        int size = r.nextInt(100);
        String head =
            r.nextInt(10) == 0 ? "g" + Integer.toHexString(size) : Integer.toHexString(size);
        b.append(head).append(r.nextInt(8) == 0 ? ";x=y" : "").append("\r\n");
        b.append("c".repeat(size)).append("\r\n");
      }
      b.append("0\r\n");
      if (r.nextBoolean()) {
        b.append("Trailer-").append(r.nextInt(3)).append(": t\r\n");
      }
      b.append("\r\n");
    }

    private static String uri(Random r) {
      return switch (r.nextInt(5)) {
        case 0 -> "/";
        case 1 -> "/tools/" + r.nextInt(1000) + "?q=" + r.nextInt();
        case 2 -> "*";
        case 3 -> "/" + "p".repeat(r.nextInt(120));
        default -> "http://host/x";
      };
    }

    private static String pick(Random r, String[] from) {
      return from[r.nextInt(from.length)];
    }
  }
}
