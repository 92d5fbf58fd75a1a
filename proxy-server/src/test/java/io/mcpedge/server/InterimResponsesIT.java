package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.server.testsupport.RawOrigin;
import io.mcpedge.server.testsupport.RawOrigin.After;
import io.mcpedge.server.testsupport.RawOrigin.Answer;
import io.mcpedge.server.testsupport.TestEdge;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interim (1xx) answers of an upstream (RFC 9110 §15.2): they never stall or end an exchange;
 * {@code 103 Early Hints} reaches HTTP/1.1 and HTTP/2 clients ahead of the final answer, cleaned of
 * connection-specific fields, and never HTTP/1.0 clients; {@code 100} and {@code 102} end at the
 * proxy; none is stored, and none of their fields reach the final answer. Raw-socket origins send
 * exactly the bytes of each case; the clients are a raw socket (HTTP/1.1 and HTTP/1.0, which shows
 * every interim head), curl over HTTP/2 with prior knowledge (whose {@code -v} shows them too) and
 * the JDK client over HTTP/2.
 */
@Timeout(60)
class InterimResponsesIT {

  private static final String FINAL =
      "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nCache-Control: max-age=600\r\n"
          + "Content-Length: 5\r\n\r\nhello";
  private static final String HINTS =
      "HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\nX-Interim: 1\r\n"
          + "Connection: X-Hop\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\n\r\n";

  /** The clients each case runs through. */
  enum Client {
    HTTP1_RAW,
    HTTP2_CURL,
    HTTP2_JDK
  }

  /** What a client saw: the interim heads (lower-case text), the final status, head and body. */
  record Seen(List<String> interims, int status, String head, String body) {}

  private RawOrigin origin;
  private TestEdge edge;
  private volatile String answer = HINTS + FINAL;
  private volatile After after = After.KEEP;

  @BeforeEach
  void start() throws Exception {
    origin = new RawOrigin(req -> Answer.of(answer, after));
    edge =
        TestEdge.startOneLoop(
            "upstreams:\n  - name: origin\n    endpoints: [\""
                + origin.endpoint()
                + "\"]\n    pool: { maxConnections: 2 }\n"
                + "routes:\n"
                + "  - name: cached\n    match: { path: { type: PathPrefix, value: /c/ } }\n"
                + "    upstream: origin\n    cache: { mode: rfc9111 }\n"
                + "  - name: pass\n    match: { path: { type: PathPrefix, value: / } }\n"
                + "    upstream: origin\n    timeouts: { request: 20s }\n");
  }

  @AfterEach
  void stop() throws IOException {
    edge.close();
    origin.close();
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void earlyHintsReachTheClientBeforeTheFinalAnswerWithoutConnectionSpecificFields(Client client)
      throws Exception {
    Seen seen = fetch(client, "GET", "/hints", null);
    assertFinalHello(seen);
    if (client != Client.HTTP2_JDK) {
      assertThat(seen.interims()).hasSize(1);
      String hints = seen.interims().get(0);
      assertThat(hints).contains("103").contains("link: </app.css>; rel=preload");
      assertThat(hints).doesNotContain("x-hop").doesNotContain("keep-alive");
      assertThat(hints).doesNotContain("connection:").doesNotContain("content-length");
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void severalEarlyHintsAllArriveAndTheExchangeEnds(Client client) throws Exception {
    answer = HINTS + HINTS + HINTS + FINAL;
    Seen seen = fetch(client, "GET", "/many", null);
    assertFinalHello(seen);
    if (client != Client.HTTP2_JDK) {
      assertThat(seen.interims()).hasSize(3);
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void processingIsDroppedAndTheFinalAnswerFollows(Client client) throws Exception {
    answer = "HTTP/1.1 102 Processing\r\n\r\n" + FINAL;
    Seen seen = fetch(client, "GET", "/processing", null);
    assertFinalHello(seen);
    assertThat(seen.interims()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void aContinueNobodyAskedForIsDroppedOnARequestWithABody(Client client) throws Exception {
    answer = "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n" + FINAL;
    Seen seen = fetch(client, "POST", "/upload", "ping");
    assertFinalHello(seen);
    assertThat(seen.interims()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void anInterimAnswerThenAResetIsABadGateway(Client client) throws Exception {
    answer = HINTS;
    after = After.RESET;
    Seen seen = fetch(client, "GET", "/reset", null);
    assertThat(seen.status()).isEqualTo(502);
  }

  @Test
  void anEndlessRowOfInterimAnswersIsABadGateway() throws Exception {
    answer = "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n".repeat(100) + FINAL;
    Seen seen = fetch(Client.HTTP1_RAW, "GET", "/endless", null);
    assertThat(seen.status()).isEqualTo(502);
    assertThat(seen.interims()).hasSizeLessThanOrEqualTo(16);
    // The connection that sent them is not reused: the next request gets a fresh one.
    answer = FINAL;
    assertFinalHello(fetch(Client.HTTP1_RAW, "GET", "/after", null));
    assertThat(origin.connections()).isEqualTo(2);
  }

  @Test
  void anHttp10ClientGetsNoInterimAnswer() throws Exception {
    Seen seen = rawExchange("GET /hints HTTP/1.0\r\nHost: edge.test\r\n\r\n");
    assertFinalHello(seen);
    assertThat(seen.interims()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void onACachedRouteTheFinalAnswerIsStoredWithoutTheInterimFields(Client client) throws Exception {
    Seen first = fetch(client, "GET", "/c/hints", null);
    assertFinalHello(first);
    Seen second = fetch(client, "GET", "/c/hints", null);
    assertFinalHello(second);
    assertThat(second.interims()).isEmpty();
    assertThat(second.head()).contains("x-cache: hit");
    assertThat(origin.requests()).isEqualTo(1);
  }

  @Test
  void theConnectionOfAnExchangeWithInterimAnswersIsReused() throws Exception {
    for (int i = 0; i < 5; i++) {
      assertFinalHello(fetch(Client.HTTP1_RAW, "GET", "/reuse", null));
    }
    assertThat(origin.connections()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void earlyHintsFromAnH2cUpstreamReachTheClient(Client client) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Channel h2 = h2cOriginWithEarlyHints(group, false);
    try (TestEdge h2Edge =
        TestEdge.startOneLoop(
            "upstreams:\n  - name: h2\n    protocol: h2c\n    endpoints: [\"http://127.0.0.1:"
                + ((InetSocketAddress) h2.localAddress()).getPort()
                + "\"]\nroutes:\n  - name: all\n    upstream: h2\n")) {
      TestEdge main = edge;
      edge = h2Edge;
      try {
        Seen seen = fetch(client, "GET", "/h2hints", null);
        assertFinalHello(seen);
        if (client != Client.HTTP2_JDK) {
          assertThat(seen.interims()).hasSize(1);
          assertThat(seen.interims().get(0)).contains("103").contains("link: </h2.css>");
        }
        Seen post = fetch(client, "POST", "/h2post", "ping");
        assertFinalHello(post);
      } finally {
        edge = main;
      }
    } finally {
      h2.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @ParameterizedTest
  @EnumSource(Client.class)
  void anInterimAnswerThenAStreamResetOnH2cIsABadGateway(Client client) throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Channel h2 = h2cOriginWithEarlyHints(group, true);
    try (TestEdge h2Edge =
        TestEdge.startOneLoop(
            "upstreams:\n  - name: h2\n    protocol: h2c\n    endpoints: [\"http://127.0.0.1:"
                + ((InetSocketAddress) h2.localAddress()).getPort()
                + "\"]\nroutes:\n  - name: all\n    upstream: h2\n")) {
      TestEdge main = edge;
      edge = h2Edge;
      try {
        assertThat(fetch(client, "GET", "/h2reset", null).status()).isEqualTo(502);
      } finally {
        edge = main;
      }
    } finally {
      h2.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static void assertFinalHello(Seen seen) {
    assertThat(seen.status()).as(seen.head()).isEqualTo(200);
    assertThat(seen.body()).isEqualTo("hello");
    assertThat(seen.head()).doesNotContain("x-interim").doesNotContain("link:");
  }

  private Seen fetch(Client client, String method, String path, String body) throws Exception {
    return switch (client) {
      case HTTP1_RAW ->
          rawExchange(
              method
                  + " "
                  + path
                  + " HTTP/1.1\r\nHost: edge.test\r\n"
                  + (body == null ? "" : "Content-Length: " + body.length() + "\r\n")
                  + "\r\n"
                  + (body == null ? "" : body));
      case HTTP2_CURL -> curlH2(method, path, body);
      case HTTP2_JDK -> jdkH2(method, path, body);
    };
  }

  private Seen jdkH2(String method, String path, String body) throws Exception {
    HttpClient client = Clients.http2();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(edge.uri(path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> res = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    StringBuilder head = new StringBuilder();
    res.headers()
        .map()
        .forEach((k, v) -> head.append(k).append(": ").append(String.join(", ", v)).append('\n'));
    return new Seen(
        List.of(), res.statusCode(), head.toString().toLowerCase(Locale.ROOT), res.body());
  }

  private Seen curlH2(String method, String path, String body) throws Exception {
    List<String> args = new ArrayList<>(List.of("--http2-prior-knowledge", "-v", "-X", method));
    if (body != null) {
      args.addAll(List.of("--data-binary", body));
    }
    args.add(edge.uri(path).toString());
    Clients.Curl c = Clients.curl(args.toArray(String[]::new));
    List<String> heads = new ArrayList<>();
    StringBuilder current = null;
    for (String line : c.stderr().split("\r?\n")) {
      if (line.startsWith("< HTTP/")) {
        current = new StringBuilder();
        heads.add(null);
      }
      if (current != null && line.startsWith("< ")) {
        current.append(line.substring(2).toLowerCase(Locale.ROOT)).append('\n');
        heads.set(heads.size() - 1, current.toString());
      }
    }
    assertThat(heads).as(c.stderr()).isNotEmpty();
    String last = heads.remove(heads.size() - 1);
    int status = Integer.parseInt(last.split(" ")[1].trim());
    return new Seen(heads, status, last, c.stdout());
  }

  /** One exchange on a fresh connection; reads interim heads, then the final answer. */
  private Seen rawExchange(String request) throws IOException {
    try (Socket s = new Socket("127.0.0.1", edge.uri("/").getPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      List<String> interims = new ArrayList<>();
      while (true) {
        String head = readHead(in).toLowerCase(Locale.ROOT);
        int status = Integer.parseInt(head.substring(9, 12));
        if (status < 200) {
          interims.add(head);
          continue;
        }
        return new Seen(interims, status, head, readBody(in, head));
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int last4 = 0;
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      last4 = last4 << 8 | c;
      if (last4 == 0x0d0a0d0a) {
        return b.toString(StandardCharsets.ISO_8859_1);
      }
    }
    throw new IOException("closed before a head ended: " + b);
  }

  private static String readBody(InputStream in, String head) throws IOException {
    int at = head.indexOf("\r\ncontent-length:");
    if (at >= 0) {
      int n = Integer.parseInt(head.substring(at + 17, head.indexOf("\r\n", at + 2)).trim());
      return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }
    if (head.contains("\r\ntransfer-encoding: chunked")) {
      throw new IOException("the origins here send no chunked final answers: " + head);
    }
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  /**
   * An h2c origin that answers every request with a 103, then a 200 with "hello"; or, with {@code
   * reset}, resets the stream after the 103.
   */
  private static Channel h2cOriginWithEarlyHints(EventLoopGroup group, boolean reset)
      throws Exception {
    return new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline()
                    .addLast(
                        Http2FrameCodecBuilder.forServer().build(),
                        new ChannelInboundHandlerAdapter() {
                          @Override
                          public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            boolean end =
                                msg instanceof Http2HeadersFrame h && h.isEndStream()
                                    || msg instanceof Http2DataFrame d && d.isEndStream();
                            var stream =
                                msg instanceof Http2HeadersFrame h
                                    ? h.stream()
                                    : msg instanceof Http2DataFrame d ? d.stream() : null;
                            ReferenceCountUtil.release(msg);
                            if (!end) {
                              return;
                            }
                            ctx.write(
                                new DefaultHttp2HeadersFrame(
                                        new DefaultHttp2Headers()
                                            .status("103")
                                            .add("link", "</h2.css>; rel=preload")
                                            .add("x-interim", "1"),
                                        false)
                                    .stream(stream));
                            if (reset) {
                              ctx.writeAndFlush(
                                  new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR)
                                      .stream(stream));
                              return;
                            }
                            ctx.write(
                                new DefaultHttp2HeadersFrame(
                                        new DefaultHttp2Headers()
                                            .status("200")
                                            .add("content-length", "5"),
                                        false)
                                    .stream(stream));
                            ctx.writeAndFlush(
                                new DefaultHttp2DataFrame(
                                        Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII),
                                        true)
                                    .stream(stream));
                          }
                        });
              }
            })
        .bind("127.0.0.1", 0)
        .sync()
        .channel();
  }
}
