package io.mcpedge.cache;

import io.mcpedge.cache.http.Fields;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * One complete stored response: status, headers, body and the timing facts that freshness needs.
 *
 * <p>Everything is immutable so that any event loop may serve it concurrently. The body is a heap
 * array the server wraps without copying, or memory outside the heap whose references the store
 * counts ({@link Body}): an entry in the store holds one, and a reader takes its own before it
 * writes the bytes. The single mutable slot, {@link #attachment()}, lets the server keep its own
 * pre-encoded form of the headers next to the entry, filled at most once.
 */
public final class StoredResponse {

  private static final AtomicReferenceFieldUpdater<StoredResponse, Object> ATTACHMENT =
      AtomicReferenceFieldUpdater.newUpdater(StoredResponse.class, Object.class, "attachment");

  private final CacheKey key;
  private final int status;
  private final Fields headers;
  private final Body body;
  private final Timing timing;
  private final List<String> varyNames;
  private final String[] varyValues;
  private final boolean servableWithCredentials;
  private volatile Object attachment;

  StoredResponse(
      CacheKey key,
      int status,
      Fields headers,
      Body body,
      Timing timing,
      List<String> varyNames,
      String[] varyValues,
      boolean servableWithCredentials) {
    this.key = key;
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.timing = timing;
    this.varyNames = varyNames;
    this.varyValues = varyValues;
    this.servableWithCredentials = servableWithCredentials;
  }

  /**
   * An entry that no request header selects (no {@code Vary}), for results that are not HTTP
   * responses but share the store's memory bound and eviction, such as MCP results; {@code
   * timing}'s lifetime alone decides freshness.
   */
  public static StoredResponse unvaried(
      CacheKey key, int status, Fields headers, byte[] body, Timing timing) {
    return new StoredResponse(
        key, status, headers, new HeapBody(body), timing, List.of(), new String[0], false);
  }

  /** As above, with a body from a {@link BodyStorage}; the entry takes over its reference. */
  public static StoredResponse unvaried(
      CacheKey key, int status, Fields headers, Body body, Timing timing) {
    return new StoredResponse(key, status, headers, body, timing, List.of(), new String[0], false);
  }

  public CacheKey key() {
    return key;
  }

  public int status() {
    return status;
  }

  /** Stored headers, without {@code Content-Length} (the body's length is authoritative). */
  public Fields headers() {
    return headers;
  }

  /**
   * The complete body. Reading bytes of a body outside the heap needs a reference of one's own
   * ({@link Body#tryAcquire()}); its length may be read at any time.
   */
  public Body body() {
    return body;
  }

  public Timing timing() {
    return timing;
  }

  /** The {@code ETag} validator, or {@code null}. */
  public String etag() {
    return headers.get("etag");
  }

  /** The {@code Last-Modified} validator, or {@code null}. */
  public String lastModified() {
    return headers.get("last-modified");
  }

  public boolean hasValidators() {
    return etag() != null || lastModified() != null;
  }

  /**
   * RFC 9111 §3.5: whether a request carrying credentials may be served this shared entry ({@code
   * public}, {@code s-maxage} or {@code must-revalidate} in the response).
   */
  public boolean servableWithCredentials() {
    return servableWithCredentials;
  }

  List<String> varyNames() {
    return varyNames;
  }

  String[] varyValues() {
    return varyValues;
  }

  /** Whether this variant was stored for a request that matched {@code other}'s Vary selection. */
  boolean sameVariantAs(StoredResponse other) {
    return varyNames.equals(other.varyNames)
        && java.util.Arrays.equals(varyValues, other.varyValues);
  }

  /** Whatever the server attached with {@link #attach}, or {@code null}. */
  public Object attachment() {
    return attachment;
  }

  /**
   * Attaches a server-side derivative (pre-encoded headers) once; later calls lose and return
   * {@code false}. Derivatives must depend only on this entry's immutable state.
   */
  public boolean attach(Object value) {
    return ATTACHMENT.compareAndSet(this, null, value);
  }

  /** Bytes this entry costs, wherever they live: its body and {@link #heapWeight()}. */
  public long weight() {
    return heapWeight() + (body.offHeap() ? body.length() : 0);
  }

  /**
   * Bytes this entry costs the heap: the body when it is a heap array, the headers three times (as
   * stored, in the server's form attached on the first hit, which also holds the names and values
   * in objects of their own, and as the field lines it encodes once for HTTP/1.1 hits), the timing
   * and this object.
   */
  public long heapWeight() {
    long w = 160L + 16 + (body.offHeap() ? 0 : body.length());
    w += 3 * headers.weight() + 64L * headers.size();
    for (String v : varyValues) {
      w += 40L + v.length();
    }
    return w;
  }

  /**
   * A copy with other headers and timing, as a 304 or HEAD freshening produces (§4.3.4). It shares
   * the body: the caller holds a reference of the body's for it.
   */
  StoredResponse withHeaders(Fields newHeaders, Timing newTiming, boolean credentialsOk) {
    return new StoredResponse(
        key, status, newHeaders, body, newTiming, varyNames, varyValues, credentialsOk);
  }

  @Override
  public String toString() {
    return "StoredResponse[" + key + " " + status + " " + body.length() + " bytes " + timing + "]";
  }
}
