package io.mcpedge.server.mcp.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.cache.HttpCache;
import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.CacheConfig;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.McpCacheConfig;
import io.mcpedge.core.config.PathMatch;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.core.route.PathMatcher;
import io.mcpedge.server.codec.NettyRequestHead;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeRecord.CacheResult;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.RequestBody;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.mcp.McpCall;
import io.mcpedge.server.mcp.McpRevision;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The MCP result cache filter over a scripted upstream (MCP specification 2026-07-28,
 * server/utilities/caching): what is stored, under which key, and how hits are answered.
 */
@Timeout(10)
class McpCacheFilterTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final InstantSource clock =
      new InstantSource() {
        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(now.get());
        }

        @Override
        public long millis() {
          return now.get();
        }
      };
  private final HttpCache cache =
      new HttpCache(
          new CacheConfig(
              ByteSize.ofBytes(1 << 20),
              ByteSize.ofBytes(1 << 16),
              "Authorization",
              List.of(),
              Duration.ofSeconds(1),
              Duration.ofSeconds(1),
              ByteSize.ofBytes(0)),
          Duration.ofHours(1),
          clock,
          Runnable::run);
  private final EmbeddedChannel ch = new EmbeddedChannel();
  private final Upstream upstream = new Upstream();

  @AfterEach
  void noLeaks() {
    assertFalse(ch.finishAndReleaseAll());
  }

  private McpCacheFilter filter(McpCacheConfig config) {
    return new McpCacheFilter(
        cache,
        clock,
        new Credential("Authorization", List.of()),
        "mcp",
        config,
        1 << 16,
        Duration.ofSeconds(1));
  }

  private static final McpCacheConfig ALL =
      new McpCacheConfig(Set.copyOf(McpCacheConfig.CACHEABLE), Map.of());

  static McpCall call(String method, String id) {
    return new McpCall(McpRevision.STATELESS, "2026-07-28", method, null, null, null, id, false);
  }

  static String result(String body) {
    return "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":" + body + "}";
  }

  private Answer send(McpCacheFilter f, McpCall call, String... headers) {
    return sendTo(f, "/mcp", call, headers);
  }

  private Answer sendTo(McpCacheFilter f, String target, McpCall call, String... headers) {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, target);
    req.headers().set("accept", "application/json, text/event-stream");
    for (int i = 0; i < headers.length; i += 2) {
      req.headers().set(headers[i], headers[i + 1]);
    }
    Exchange ex =
        new Exchange(
            null,
            new NettyRequestHead(req),
            new RequestBody(ch, 0, true),
            ch,
            Exchange.Protocol.HTTP_1_1,
            "c1",
            System::nanoTime);
    if (call != null) {
      ex.set(McpCall.KEY, call);
    }
    Answer a = new Answer(ex);
    f.filter(ex, upstream, a);
    ch.runPendingTasks();
    return a;
  }

  @Test
  void storesAResultWithTtlAndAnswersTheNextCallWithItsOwnId() {
    McpCacheFilter f = filter(ALL);
    upstream.json(
        result("{\"tools\":[{\"name\":\"a\"}],\"ttlMs\":60000,\"cacheScope\":\"private\"}"));
    Answer first = send(f, call("tools/list", "1"), "authorization", "Bearer A");
    Answer second = send(f, call("tools/list", "\"req-7\""), "authorization", "Bearer A");

    assertThat(upstream.calls).isEqualTo(1);
    assertThat(first.result()).isEqualTo(CacheResult.MISS);
    assertThat(second.result()).isEqualTo(CacheResult.HIT);
    assertThat(second.head.headers().get("content-type")).isEqualTo("application/json");
    assertThat(second.body())
        .isEqualTo(
            "{\"jsonrpc\":\"2.0\",\"id\":\"req-7\",\"result\":"
                + "{\"tools\":[{\"name\":\"a\"}],\"ttlMs\":60000,\"cacheScope\":\"private\"}}");
    assertThat(second.head.headers().getInt("content-length")).isEqualTo(second.body().length());
  }

  @Test
  void anEventStreamIsAnsweredAsOneEventWithTheRequestersId() {
    McpCacheFilter f = filter(ALL);
    upstream.sse(
        "id: p1\ndata: \n\nevent: message\ndata: "
            + result("{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"public\"}")
            + "\n\n");
    send(f, call("tools/list", "1"));
    Answer hit = send(f, call("tools/list", "42"));

    assertThat(upstream.calls).isEqualTo(1);
    assertThat(hit.head.headers().get("content-type")).isEqualTo("text/event-stream");
    assertThat(hit.body())
        .isEqualTo(
            "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":42,\"result\":"
                + "{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"public\"}}\n\n");
  }

  @Test
  void aPrivateResultNeverReachesAnotherCredentialAPublicOneDoes() {
    McpCacheFilter f = filter(ALL);
    upstream.json(result("{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"private\"}"));
    send(f, call("tools/list", "1"), "authorization", "Bearer A");
    assertThat(send(f, call("tools/list", "2"), "authorization", "Bearer B").result())
        .isEqualTo(CacheResult.MISS);
    assertThat(upstream.calls).isEqualTo(2);

    upstream.json(result("{\"prompts\":[],\"ttlMs\":60000,\"cacheScope\":\"public\"}"));
    send(f, call("prompts/list", "1"), "authorization", "Bearer A");
    assertThat(send(f, call("prompts/list", "2"), "authorization", "Bearer B").result())
        .isEqualTo(CacheResult.HIT);
    assertThat(upstream.calls).isEqualTo(3);
  }

  @Test
  void ttlZeroAbsentErrorsAndInputRequiredAreNotStored() {
    McpCacheFilter f = filter(ALL);
    for (String answer :
        List.of(
            result("{\"tools\":[],\"ttlMs\":0,\"cacheScope\":\"public\"}"),
            result("{\"tools\":[]}"),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"x\"}}",
            result("{\"resultType\":\"input_required\",\"ttlMs\":60000}"))) {
      int before = upstream.calls;
      upstream.json(answer);
      send(f, call("tools/list", "1"));
      send(f, call("tools/list", "2"));
      assertThat(upstream.calls).as(answer).isEqualTo(before + 2);
    }
  }

  @Test
  void aRoundTripRetryIsNeverStoredNorServed() {
    McpCacheFilter f = filter(ALL);
    upstream.json(result("{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"public\"}"));
    McpCall retry =
        new McpCall(McpRevision.STATELESS, "2026-07-28", "tools/list", null, null, null, "1", true);
    assertThat(send(f, retry).result()).isEqualTo(CacheResult.PASS);
    assertThat(send(f, call("tools/list", "2")).result()).isEqualTo(CacheResult.MISS);
    assertThat(send(f, retry).result()).isEqualTo(CacheResult.PASS);
    assertThat(upstream.calls).isEqualTo(3);
  }

  @Test
  void aResultExpiresAfterItsTtl() {
    McpCacheFilter f = filter(ALL);
    upstream.json(result("{\"tools\":[],\"ttlMs\":2000,\"cacheScope\":\"public\"}"));
    send(f, call("tools/list", "1"));
    now.addAndGet(1999);
    assertThat(send(f, call("tools/list", "2")).result()).isEqualTo(CacheResult.HIT);
    now.addAndGet(1);
    assertThat(send(f, call("tools/list", "3")).result()).isEqualTo(CacheResult.MISS);
    assertThat(upstream.calls).isEqualTo(2);
  }

  @Test
  void aDefaultTtlKeepsAResultWithoutTtlMsPerCredentialOnly() {
    McpCacheFilter f =
        filter(
            new McpCacheConfig(Set.of("tools/list"), Map.of("tools/list", Duration.ofMinutes(5))));
    upstream.json(result("{\"tools\":[],\"cacheScope\":\"public\"}"));
    send(f, call("tools/list", "1"), "authorization", "Bearer A");
    assertThat(send(f, call("tools/list", "2"), "authorization", "Bearer A").result())
        .isEqualTo(CacheResult.HIT);
    assertThat(send(f, call("tools/list", "3"), "authorization", "Bearer B").result())
        .isEqualTo(CacheResult.MISS);
    now.addAndGet(Duration.ofMinutes(5).toMillis());
    assertThat(send(f, call("tools/list", "4"), "authorization", "Bearer A").result())
        .isEqualTo(CacheResult.MISS);
    assertThat(upstream.calls).isEqualTo(3);
  }

  @Test
  void theCursorTheUriAndTheAcceptedFormatAreKeyed() {
    McpCacheFilter f = filter(ALL);
    upstream.json(result("{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"public\"}"));
    send(f, call("tools/list", "1"));
    McpCall page2 =
        new McpCall(
            McpRevision.STATELESS, "2026-07-28", "tools/list", null, null, "c2", "2", false);
    assertThat(send(f, page2).result()).isEqualTo(CacheResult.MISS);
    assertThat(send(f, call("tools/list", "3"), "accept", "text/event-stream").result())
        .isEqualTo(CacheResult.MISS);
    McpCall readA =
        new McpCall(
            McpRevision.STATELESS,
            "2026-07-28",
            "resources/read",
            null,
            "file:///a",
            null,
            "4",
            false);
    McpCall readB =
        new McpCall(
            McpRevision.STATELESS,
            "2026-07-28",
            "resources/read",
            null,
            "file:///b",
            null,
            "5",
            false);
    send(f, readA);
    assertThat(send(f, readB).result()).isEqualTo(CacheResult.MISS);
    assertThat(send(f, readA).result()).isEqualTo(CacheResult.HIT);
    assertThat(upstream.calls).isEqualTo(5);
  }

  @Test
  void twoEndpointsOfOneRouteAreKeptApart() {
    McpCacheFilter f = filter(ALL);
    upstream.json(result("{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"public\"}"));
    sendTo(f, "/servers/a/mcp", call("tools/list", "1"));
    assertThat(sendTo(f, "/servers/b/mcp", call("tools/list", "2")).result())
        .isEqualTo(CacheResult.MISS);
    assertThat(sendTo(f, "/servers/a/mcp?x=1", call("tools/list", "3")).result())
        .isEqualTo(CacheResult.HIT);
    assertThat(
            sendTo(f, "/servers/a/mcp", call("tools/list", "4"), "host", "other.example").result())
        .isEqualTo(CacheResult.MISS);
    assertThat(upstream.calls).isEqualTo(3);
  }

  @Test
  void requestsWithoutACallOrOfAnotherRevisionOrMethodPass() {
    McpCacheFilter f = filter(new McpCacheConfig(Set.of("tools/list"), Map.of()));
    upstream.json(result("{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"public\"}"));
    send(f, null);
    send(f, null);
    send(f, call("prompts/list", "1"));
    send(f, call("prompts/list", "1"));
    McpCall legacy =
        new McpCall(McpRevision.SESSION, "2025-06-18", "tools/list", null, null, null, "1", false);
    send(f, legacy);
    send(f, legacy);
    assertThat(upstream.calls).isEqualTo(6);
  }

  @Test
  void concurrentMissesOfOneKeyGoUpstreamOnce() {
    McpCacheFilter f = filter(ALL);
    upstream.hold = true;
    List<Answer> answers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      answers.add(send(f, call("tools/list", Integer.toString(i)), "authorization", "Bearer A"));
    }
    assertThat(upstream.calls).isEqualTo(1);
    upstream.release(result("{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"private\"}"));
    ch.runPendingTasks();
    assertThat(upstream.calls).isEqualTo(1);
    assertThat(answers.get(0).result()).isEqualTo(CacheResult.MISS);
    for (int i = 1; i < 5; i++) {
      assertThat(answers.get(i).result()).isEqualTo(CacheResult.COALESCED);
      assertThat(answers.get(i).body()).contains("\"id\":" + i + ",");
    }
  }

  @Test
  void aRestWriteThatInvalidatesToolsDropsEveryCredentialsToolsList() {
    McpCacheFilter f = filter(ALL);
    upstream.json(result("{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"private\"}"));
    send(f, call("tools/list", "1"), "authorization", "Bearer A");
    send(f, call("tools/list", "1"), "authorization", "Bearer B");
    send(f, call("prompts/list", "1"), "authorization", "Bearer A");
    assertThat(upstream.calls).isEqualTo(3);

    new McpInvalidation(
            cache, List.of(new PathMatcher(new PathMatch(MatchType.PATH_PREFIX, "/tools"))))
        .afterWrite("/gateways/1");

    assertThat(send(f, call("tools/list", "2"), "authorization", "Bearer A").result())
        .isEqualTo(CacheResult.MISS);
    assertThat(send(f, call("tools/list", "2"), "authorization", "Bearer B").result())
        .isEqualTo(CacheResult.MISS);
    assertThat(send(f, call("prompts/list", "2"), "authorization", "Bearer A").result())
        .isEqualTo(CacheResult.HIT);
    new McpInvalidation(cache, List.of()).afterWrite("/v1/prompts/9");
    assertThat(send(f, call("prompts/list", "3"), "authorization", "Bearer A").result())
        .isEqualTo(CacheResult.MISS);
  }

  @Test
  void aWriteToAVirtualServerDropsItsListsButAnMcpCallToItDoesNot() {
    McpCacheFilter f = filter(ALL);
    upstream.json(result("{\"tools\":[],\"ttlMs\":60000,\"cacheScope\":\"private\"}"));
    send(f, call("tools/list", "1"), "authorization", "Bearer A");
    send(f, call("prompts/list", "1"), "authorization", "Bearer A");
    McpInvalidation writes = new McpInvalidation(cache, List.of());

    for (String call : List.of("/servers/1/mcp", "/servers/1/mcp/", "/servers/1/message", "/mcp")) {
      writes.afterWrite(call);
      assertThat(send(f, call("tools/list", "2"), "authorization", "Bearer A").result())
          .as("after %s", call)
          .isEqualTo(CacheResult.HIT);
    }
    writes.afterWrite("/servers/1?team=a");
    assertThat(send(f, call("tools/list", "3"), "authorization", "Bearer A").result())
        .isEqualTo(CacheResult.MISS);
    assertThat(send(f, call("prompts/list", "3"), "authorization", "Bearer A").result())
        .isEqualTo(CacheResult.MISS);
    writes.afterWrite("/v1/servers/1/toggle");
    assertThat(send(f, call("tools/list", "4"), "authorization", "Bearer A").result())
        .isEqualTo(CacheResult.MISS);
  }

  @Test
  void aRestWriteTellsOtherReplicasToDropTheirMcpLists() {
    List<io.mcpedge.cache.InvalidationEvent> told = new java.util.ArrayList<>();
    cache.invalidations().listener(told::add);

    new McpInvalidation(cache, List.of()).afterWrite("/v1/tools/7");

    // What another replica receives and applies (the replica bus publishes every local event).
    assertThat(told)
        .singleElement()
        .isInstanceOfSatisfying(
            io.mcpedge.cache.InvalidationEvent.Paths.class,
            p -> assertThat(p.origin()).isEqualTo(McpResultKeys.origin("tools")));
  }

  /** A scripted upstream that counts the requests it gets. */
  private final class Upstream implements Next {
    int calls;
    boolean hold;
    String type = "application/json";
    String body;
    ResponseSink held;

    void json(String b) {
      type = "application/json";
      body = b;
    }

    void sse(String b) {
      type = "text/event-stream";
      body = b;
    }

    @Override
    public void proceed(Exchange ex, ResponseSink sink) {
      calls++;
      if (hold) {
        held = sink;
        return;
      }
      answer(sink, body);
    }

    void release(String b) {
      json(b);
      hold = false;
      answer(held, b);
    }

    private void answer(ResponseSink sink, String b) {
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set("content-type", type);
      sink.onHead(head);
      byte[] bytes = b.getBytes(StandardCharsets.UTF_8);
      int half = bytes.length / 2;
      sink.onContent(
          new io.netty.handler.codec.http.DefaultHttpContent(
              Unpooled.copiedBuffer(bytes, 0, half)));
      sink.onContent(
          new DefaultLastHttpContent(Unpooled.copiedBuffer(bytes, half, bytes.length - half)));
    }
  }

  /** What the client got. */
  private static final class Answer implements ResponseSink {
    final Exchange ex;
    HttpResponse head;
    final StringBuilder body = new StringBuilder();
    boolean ended;

    Answer(Exchange ex) {
      this.ex = ex;
    }

    CacheResult result() {
      return ex.record().cacheResult();
    }

    String body() {
      assertThat(ended).isTrue();
      return body.toString();
    }

    @Override
    public void onHead(HttpResponse h) {
      head = h;
    }

    @Override
    public void onContent(HttpContent chunk) {
      body.append(chunk.content().toString(StandardCharsets.UTF_8));
      ended |= chunk instanceof LastHttpContent;
      chunk.release();
    }

    @Override
    public void onError(Throwable cause) {
      throw new AssertionError(cause);
    }
  }
}
