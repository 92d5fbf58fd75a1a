package io.mcpedge.server.mcp.cache;

import io.mcpedge.cache.CacheKey;
import io.mcpedge.cache.CacheStatus;
import io.mcpedge.cache.Coalescer;
import io.mcpedge.cache.Flight;
import io.mcpedge.cache.InFlightBudget;
import io.mcpedge.core.config.McpCacheConfig;
import io.mcpedge.server.exchange.ForwardingSink;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.mcp.McpCall;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Arrays;

/**
 * The response half of an MCP cache miss: the upstream's answer streams on to the client untouched
 * while its bytes are copied (up to {@code cache.maxObjectSize}, claimed from the cache's in-flight
 * budget); once it has ended, the one JSON-RPC response it carries is read and its result stored
 * when its hints allow. Errors, {@code input_required} results, answers of another status or type,
 * compressed and oversize answers pass through unstored. Lands the coalescing flight either way.
 * One per miss; event-loop confined.
 */
final class McpStoreSink extends ForwardingSink {

  private final McpResults results;
  private final McpCacheConfig config;
  private final McpCall call;
  private final McpCacheFilter.Lookup lookup;
  private final long maxSize;
  private final long sentAt;
  private Flight<CacheKey> flight;
  private byte[] copy;
  private int length;
  private long claimed;
  private boolean sse;

  McpStoreSink(
      McpResults results,
      McpCacheConfig config,
      McpCall call,
      McpCacheFilter.Lookup lookup,
      long maxSize,
      ResponseSink down,
      Flight<CacheKey> flight) {
    super(down);
    this.results = results;
    this.config = config;
    this.call = call;
    this.lookup = lookup;
    this.maxSize = maxSize;
    this.flight = flight;
    this.sentAt = results.now();
  }

  @Override
  public void onHead(HttpResponse head) {
    HttpHeaders h = head.headers();
    String type = h.get(HttpHeaderNames.CONTENT_TYPE);
    boolean json = type != null && essence(type).equals("application/json");
    sse = type != null && essence(type).equals("text/event-stream");
    long declared = HttpUtil.getContentLength(head, -1L);
    if (head.status().code() == 200
        && (json || sse)
        && !h.contains(HttpHeaderNames.CONTENT_ENCODING)
        && declared <= maxSize) {
      long want = declared >= 0 ? declared : Math.min(maxSize, 16 * 1024);
      if (budget().claim(want)) {
        claimed = want;
        copy = new byte[(int) want];
      }
    }
    if (copy == null) {
      land(head.status().code() >= 500 ? Coalescer.Outcome.FAILED : Coalescer.Outcome.UNCACHEABLE);
    }
    h.set(McpAnswer.X_CACHE, CacheStatus.X_CACHE_MISS);
    next.onHead(head);
  }

  @Override
  public void onContent(HttpContent chunk) {
    if (copy != null) {
      append(chunk.content());
      if (chunk instanceof LastHttpContent) {
        finish();
      }
    }
    next.onContent(chunk);
  }

  @Override
  public void onError(Throwable cause) {
    giveUp(Coalescer.Outcome.FAILED);
    next.onError(cause);
  }

  /** Copies the readable bytes without moving the reader index; gives up beyond the bound. */
  private void append(ByteBuf content) {
    int n = content.readableBytes();
    if (n == 0) {
      return;
    }
    if ((long) length + n > maxSize) {
      giveUp(Coalescer.Outcome.UNCACHEABLE);
      return;
    }
    if (length + n > copy.length) {
      int grown = (int) Math.min(maxSize, Math.max((long) length + n, 2L * copy.length));
      if (!budget().claim(grown - copy.length)) {
        giveUp(Coalescer.Outcome.UNCACHEABLE);
        return;
      }
      claimed += grown - copy.length;
      copy = Arrays.copyOf(copy, grown);
    }
    content.getBytes(content.readerIndex(), copy, length, n);
    length += n;
  }

  private void finish() {
    McpResult r = sse ? McpResultReader.sse(copy, length) : McpResultReader.json(copy, length);
    release();
    if (r == null) {
      // An error or an unexpected answer: the next one may well be a result.
      land(Coalescer.Outcome.FAILED);
      return;
    }
    long ttl = McpResults.ttl(r, call.method(), config, call.roundTripRetry());
    if (ttl <= 0) {
      // ttlMs 0 says "immediately stale" (caching, "Time-to-Live"): the next request may be
      // answered otherwise, so this key keeps coalescing only while answers are stored.
      land(Coalescer.Outcome.UNCACHEABLE);
      return;
    }
    // Public only when the server said so with its own ttlMs; a default TTL is per credential.
    CacheKey key =
        r.ttlMs() >= 0 && r.isPublic()
            ? McpResultKeys.sharedKey(lookup.uri())
            : lookup.privateKey();
    boolean kept = results.store(key, r, sse, ttl, sentAt);
    land(kept ? Coalescer.Outcome.STORED : Coalescer.Outcome.SUPERSEDED);
  }

  private void giveUp(Coalescer.Outcome outcome) {
    release();
    land(outcome);
  }

  private void release() {
    if (copy != null) {
      copy = null;
      budget().release(claimed);
      claimed = 0;
    }
  }

  private InFlightBudget budget() {
    return results.cache().inFlight();
  }

  private void land(Coalescer.Outcome outcome) {
    Flight<CacheKey> f = flight;
    if (f != null) {
      flight = null;
      f.complete(outcome);
    }
  }

  /** The media type without parameters, in lower case (RFC 9110 §8.3.1). */
  static String essence(String contentType) {
    int semi = contentType.indexOf(';');
    String t = semi < 0 ? contentType : contentType.substring(0, semi);
    return t.trim().toLowerCase(java.util.Locale.ROOT);
  }
}
