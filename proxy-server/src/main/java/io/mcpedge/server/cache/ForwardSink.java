package io.mcpedge.server.cache;

import io.mcpedge.cache.CacheKey;
import io.mcpedge.cache.CacheStatus;
import io.mcpedge.cache.Coalescer;
import io.mcpedge.cache.Delivery;
import io.mcpedge.cache.Flight;
import io.mcpedge.cache.HitResponder;
import io.mcpedge.cache.HttpCache;
import io.mcpedge.cache.LookupResult;
import io.mcpedge.cache.StoreWriter;
import io.mcpedge.cache.StoredResponse;
import io.mcpedge.server.exchange.ExchangeRecord;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.ByteBuffer;
import java.time.InstantSource;

/**
 * The response half of a request the cache forwards: streams the upstream's answer to the client
 * while a {@link StoreWriter} copies its bytes (the buffers themselves pass on untouched), updates
 * a stale entry from a 304 (RFC 9111 §4.3.4), and answers with the stale entry instead of an
 * upstream failure or 5xx when {@code stale-if-error} or the route's grace allows (RFC 5861 §4).
 *
 * <p>An answer from the store replaces the upstream's only after the upstream's body has ended (a
 * 304 or an error page is short), so the exchange, its timers and its flow control stay in charge
 * of the upstream attempt until it is over. One per upstream attempt; event-loop confined.
 */
final class ForwardSink implements ResponseSink {

  /** What a revalidating request needs besides the sink. */
  interface Revalidation {
    /** Puts the client's own conditional headers back, once the upstream has answered. */
    void restoreClientHeaders();

    /** The 304 did not match the stored validators: repeat the request unconditionally. */
    void repeatUnconditionally();
  }

  private final HttpCache cache;
  private final InstantSource clock;
  private final HitWriter hits;
  private final LookupResult lookup;
  private final ResponseSink down;
  private final Revalidation revalidation;
  private final long sentAt;
  private final ExchangeRecord record;
  private Flight<CacheKey> flight;
  private StoreWriter writer;
  private Delivery replacement;
  private boolean passing;
  private boolean repeat;

  ForwardSink(
      HttpCache cache,
      InstantSource clock,
      HitWriter hits,
      LookupResult lookup,
      ResponseSink down,
      Flight<CacheKey> flight,
      Revalidation revalidation,
      ExchangeRecord record) {
    this.record = record;
    this.cache = cache;
    this.clock = clock;
    this.hits = hits;
    this.lookup = lookup;
    this.down = down;
    this.flight = flight;
    this.revalidation = revalidation;
    this.sentAt = clock.millis();
  }

  /** Interim answers go to the client and are never stored (RFC 9111 §3). */
  @Override
  public void onInterim(HttpResponse interim) {
    down.onInterim(interim);
  }

  @Override
  public void onHead(HttpResponse head) {
    int status = head.status().code();
    if (revalidation != null) {
      revalidation.restoreClientHeaders();
    }
    NettyHeaderView view = new NettyHeaderView(head.headers());
    if (status == 304 && revalidation != null) {
      StoredResponse updated = cache.updates().revalidated(lookup, view, sentAt);
      if (updated == null) {
        land(Coalescer.Outcome.FAILED);
        repeat = true;
        return;
      }
      land(Coalescer.Outcome.STORED);
      record.cacheResult(ExchangeRecord.CacheResult.REVALIDATED);
      replacement = served(updated, lookup.forwardedStatus(false, status));
      return;
    }
    if (status >= 500 && serveStale(status)) {
      return;
    }
    if (lookup.entry() != null && "HEAD".equals(lookup.request().method())) {
      cache.updates().freshenWithHead(lookup, status, view, sentAt);
    }
    writer = lookup.key() == null ? null : cache.updates().openWriter(lookup, status, view, sentAt);
    if (writer == null) {
      land(status >= 500 ? Coalescer.Outcome.FAILED : Coalescer.Outcome.UNCACHEABLE);
    }
    // "stored" is a promise made before the body: only when its declared length fits. A body of
    // unknown length may still turn out too large, so the header does not claim it.
    boolean storing = writer != null && HttpUtil.isContentLengthSet(head);
    // RFC 9213: a field for this edge alone is stored (a 304 may recompute from it) but not sent
    // on.
    for (String name : cache.targeted().hiddenFields()) {
      head.headers().remove(name);
    }
    head.headers()
        .set(HitWriter.X_CACHE, CacheStatus.X_CACHE_MISS)
        .set(HitWriter.CACHE_STATUS, lookup.forwardedStatus(storing, status));
    passing = true;
    down.onHead(head);
  }

  @Override
  public void onContent(HttpContent chunk) {
    boolean last = chunk instanceof LastHttpContent;
    if (!passing) {
      chunk.release();
      if (last) {
        finishFromStore();
      }
      return;
    }
    if (writer != null) {
      copy(chunk.content());
      if (last && writer != null) {
        StoreWriter w = writer;
        writer = null;
        StoredResponse stored = w.commit();
        land(
            stored != null
                ? Coalescer.Outcome.STORED
                : w.superseded() ? Coalescer.Outcome.SUPERSEDED : Coalescer.Outcome.FAILED);
      }
    }
    down.onContent(chunk);
  }

  @Override
  public void onError(Throwable cause) {
    if (writer != null) {
      writer.abandon();
      writer = null;
    }
    land(Coalescer.Outcome.FAILED);
    if (revalidation != null) {
      // A stale entry served now is judged against the client's own conditionals, not against
      // the entry's validators sent upstream, or the client would get a 304 it never asked for.
      revalidation.restoreClientHeaders();
    }
    if (passing || repeat || Failure.classify(cause) == Failure.CLIENT_CLOSED) {
      down.onError(cause);
    } else if (replacement != null || serveStale(0)) {
      writeReplacement(cause);
    } else {
      down.onError(cause);
    }
  }

  /** Copies the readable bytes without moving the reader index; gives up on an oversize body. */
  private void copy(ByteBuf content) {
    if (!content.isReadable()) {
      return;
    }
    for (ByteBuffer b : content.nioBuffers()) {
      if (!writer.append(b)) {
        writer = null;
        land(Coalescer.Outcome.UNCACHEABLE);
        return;
      }
    }
  }

  private void finishFromStore() {
    if (repeat) {
      revalidation.repeatUnconditionally();
    } else {
      writeReplacement(null);
    }
  }

  /**
   * Answers from the store; when the entry's body was freed meanwhile, repeats a revalidation
   * unconditionally, or reports {@code cause} (the upstream's failure).
   */
  private void writeReplacement(Throwable cause) {
    if (hits.write(down, replacement)) {
      return;
    }
    if (revalidation != null && cause == null) {
      revalidation.repeatUnconditionally();
    } else {
      down.onError(cause != null ? cause : new IllegalStateException("stored entry was freed"));
    }
  }

  /** Prepares the stale entry as the answer, when one may be served on error. */
  private boolean serveStale(int upstreamStatus) {
    StoredResponse stale = cache.lookup().staleIfError(lookup);
    if (stale == null) {
      return false;
    }
    land(Coalescer.Outcome.FAILED);
    record.servedStale(ExchangeRecord.StaleReason.IF_ERROR);
    long ttl = Math.floorDiv(stale.timing().remaining(clock.millis()), 1000);
    replacement = served(stale, CacheStatus.staleOnError(ttl, upstreamStatus));
    return true;
  }

  private Delivery served(StoredResponse entry, String cacheStatus) {
    return HitResponder.respond(lookup, entry, clock.millis()).withCacheStatus(cacheStatus);
  }

  private void land(Coalescer.Outcome outcome) {
    Flight<CacheKey> f = flight;
    if (f != null) {
      flight = null;
      f.complete(outcome);
    }
  }
}
