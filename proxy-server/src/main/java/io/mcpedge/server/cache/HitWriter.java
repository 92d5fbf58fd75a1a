package io.mcpedge.server.cache;

import io.mcpedge.cache.Body;
import io.mcpedge.cache.Delivery;
import io.mcpedge.cache.HeapBody;
import io.mcpedge.cache.StoredResponse;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.server.codec.BlockHeaders;
import io.mcpedge.server.codec.HeadBlock;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes an answer from the store to a sink: no upstream, no copy of the body.
 *
 * <p>The body is a retained slice of the entry's own direct memory ({@link PooledBody}, {@code
 * cache.storage: direct}); or, for a heap body, of this event loop's direct copy of the entry's
 * immutable {@code byte[]} ({@link DirectBodies}), or the array wrapped without a copy when none is
 * kept. A direct body that was freed before the hit could take its reference (the entry was evicted
 * or purged meanwhile) is not written at all: the caller serves the request as a miss. The entry's
 * stored headers are converted to Netty's form once per entry and kept in its attachment slot; each
 * hit copies that block (entries only, names and values already {@link AsciiString}) because
 * filters above, and the downstream end, add their own headers to the response.
 */
public final class HitWriter {

  static final AsciiString X_CACHE = AsciiString.cached("x-cache");
  static final AsciiString CACHE_STATUS = AsciiString.cached("cache-status");

  /** The texts of ages 0 to 899 seconds (never written after class initialisation). */
  private static final AsciiString[] AGES = ages();

  /** Headers copied from an already validated block need no validation again. */
  private static final HttpHeadersFactory TRUSTED =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  private final DirectBodies bodies;
  private final AsciiString[] hidden;

  /** What a pre-encoded block leaves out: the hidden fields and those every hit sets itself. */
  private final AsciiString[] excluded;

  /**
   * One per server: {@code bodies} keeps the direct copies of the bodies served; {@code hidden}
   * names the stored fields clients never get (targeted fields for this edge alone, RFC 9213).
   */
  public HitWriter(DirectBodies bodies, List<String> hidden) {
    this.bodies = bodies;
    this.hidden = hidden.stream().map(AsciiString::cached).toArray(AsciiString[]::new);
    List<AsciiString> out = new ArrayList<>(List.of(this.hidden));
    out.addAll(List.of(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.AGE, X_CACHE, CACHE_STATUS));
    this.excluded = out.toArray(AsciiString[]::new);
  }

  /**
   * Writes {@code d} completely, as to an HTTP/2 client: every field through a header map; {@code
   * false}, with nothing written, when the entry's body was freed meanwhile.
   */
  boolean write(ResponseSink sink, Delivery d) {
    return write(sink, d, false);
  }

  /**
   * Writes {@code d} completely: head, then the body (or nothing) as the last content. To an
   * HTTP/1.1 client ({@code http1}), an answer with the entry's own fields carries them as the
   * entry's pre-encoded {@link HeadBlock}, and the head is encoded with one copy of it ({@link
   * BlockHeaders}); a {@code 304} keeps the whole map, since it keeps the stored {@code
   * Content-Length} that the block leaves out. Returns {@code false}, with nothing written, when
   * the entry's body was freed before this hit could hold it.
   */
  boolean write(ResponseSink sink, Delivery d, boolean http1) {
    ByteBuf content = null;
    if (d.includeBody() && d.length() > 0) {
      content = body(d.entry().body(), d.offset(), d.length());
      if (content == null) {
        return false;
      }
    }
    HttpHeaders h;
    if (http1 && d.usesStoredHeaders() && d.status() != 304) {
      h = new BlockHeaders(block(d.entry()));
    } else {
      h = copied(d);
    }
    if (d.status() != 304) {
      h.setInt(HttpHeaderNames.CONTENT_LENGTH, d.length());
    }
    if (d.contentRange() != null) {
      h.set(HttpHeaderNames.CONTENT_RANGE, d.contentRange());
    }
    h.set(HttpHeaderNames.AGE, seconds(d.ageSeconds()));
    h.set(X_CACHE, d.xCache());
    h.set(CACHE_STATUS, d.cacheStatus());
    sink.onHead(
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(d.status()), h));
    if (content != null) {
      sink.onContent(new DefaultLastHttpContent(content));
    } else {
      sink.onContent(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    return true;
  }

  /** The bytes to write, owned by the caller, or {@code null} when the body was freed already. */
  private ByteBuf body(Body body, int offset, int length) {
    if (body instanceof PooledBody direct) {
      return direct.retainedSlice(offset, length);
    }
    if (body instanceof HeapBody heap) {
      return bodies.slice(heap.array(), offset, length);
    }
    byte[] copy = body.copy(offset, length);
    return copy == null ? null : Unpooled.wrappedBuffer(copy);
  }

  /** An {@code Age} value: the first quarter hour's texts are made once, later ones per hit. */
  static CharSequence seconds(long age) {
    return age >= 0 && age < AGES.length ? AGES[(int) age] : Long.toString(age);
  }

  private static AsciiString[] ages() {
    AsciiString[] a = new AsciiString[900];
    for (int i = 0; i < a.length; i++) {
      a[i] = AsciiString.cached(Integer.toString(i));
    }
    return a;
  }

  /** The answer's fields copied into a new map, without the hidden ones. */
  private HttpHeaders copied(Delivery d) {
    HttpHeaders h = TRUSTED.newHeaders();
    if (d.usesStoredHeaders()) {
      h.add(encoded(d.entry()));
    } else {
      add(h, d.headers());
    }
    for (AsciiString name : hidden) {
      h.remove(name);
    }
    return h;
  }

  /** The entry's stored headers in Netty's form, built once and kept with the entry. */
  static HttpHeaders encoded(StoredResponse entry) {
    return forms(entry).headers;
  }

  /** The entry's fields encoded once for this writer's exclusions, and kept with the entry. */
  HeadBlock block(StoredResponse entry) {
    Forms f = forms(entry);
    HeadBlock b = f.block;
    if (b == null || !b.excludes(excluded)) {
      // A race encodes twice and keeps either: both are the same immutable bytes.
      b = HeadBlock.of(f.headers, excluded);
      f.block = b;
    }
    return b;
  }

  private static Forms forms(StoredResponse entry) {
    Object a = entry.attachment();
    if (a instanceof Forms ready) {
      return ready;
    }
    HttpHeaders h = DefaultHttpHeadersFactory.headersFactory().newHeaders();
    Fields f = entry.headers();
    for (int i = 0; i < f.size(); i++) {
      h.add(AsciiString.of(f.name(i)), AsciiString.of(f.value(i)));
    }
    Forms made = new Forms(h);
    entry.attach(made);
    Object won = entry.attachment();
    return won instanceof Forms w ? w : made;
  }

  /**
   * What is kept with an entry (its attachment): its fields as a Netty map, and, made on its first
   * HTTP/1.1 hit, as a pre-encoded block. Both are immutable heap objects, collected with the
   * entry.
   */
  private static final class Forms {
    final HttpHeaders headers;
    volatile HeadBlock block;

    Forms(HttpHeaders headers) {
      this.headers = headers;
    }
  }

  private static void add(HttpHeaders h, Fields f) {
    for (int i = 0; i < f.size(); i++) {
      h.add(f.name(i), f.value(i));
    }
  }
}
