package io.mcpedge.cache;

import io.mcpedge.cache.http.CacheControl;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.core.config.RouteCacheConfig;

/**
 * The outcome of one lookup, carried by the exchange until its response is stored or served.
 *
 * <p>It keeps what later steps need: the key to store under, the selected entry (for validators,
 * for {@code stale-if-error}, for a 304 update) and the facts behind the decision.
 */
public final class LookupResult {

  private final Decision decision;
  private final RouteCacheConfig route;
  private final CacheRequest request;
  private final CacheKey key;
  private final StoredResponse entry;
  private final boolean credentialed;
  private final CacheControl requestDirectives;
  private final long now;
  private final String forwardReason;

  LookupResult(
      Decision decision,
      RouteCacheConfig route,
      CacheRequest request,
      CacheKey key,
      StoredResponse entry,
      boolean credentialed,
      CacheControl requestDirectives,
      long now,
      String forwardReason) {
    this.decision = decision;
    this.route = route;
    this.request = request;
    this.key = key;
    this.entry = entry;
    this.credentialed = credentialed;
    this.requestDirectives = requestDirectives;
    this.now = now;
    this.forwardReason = forwardReason;
  }

  /**
   * This lookup as the {@code GET} that fetches for a {@code HEAD} miss: the answer is stored (when
   * storable) and the {@code HEAD} is answered from its head, as Varnish does. Same key, entry and
   * decision; only the method differs.
   */
  public LookupResult asGet() {
    CacheRequest r = request;
    CacheRequest get = new CacheRequest("GET", r.scheme(), r.authority(), r.target(), r.headers());
    return new LookupResult(
        decision, route, get, key, entry, credentialed, requestDirectives, now, forwardReason);
  }

  public Decision decision() {
    return decision;
  }

  public RouteCacheConfig route() {
    return route;
  }

  public CacheRequest request() {
    return request;
  }

  /** The primary key, or {@code null} when bypassed. */
  public CacheKey key() {
    return key;
  }

  /** The selected stored variant, or {@code null} when none was selected. */
  public StoredResponse entry() {
    return entry;
  }

  public boolean credentialed() {
    return credentialed;
  }

  public CacheControl requestDirectives() {
    return requestDirectives;
  }

  /** The clock reading the decision was made at, epoch milliseconds. */
  public long now() {
    return now;
  }

  /** The RFC 9211 {@code fwd} reason when the request goes upstream, else {@code null}. */
  public String forwardReason() {
    return forwardReason;
  }

  /** RFC 9111 §5.1 {@code Age} in whole seconds of the selected entry at lookup time. */
  public long ageSeconds() {
    return entry == null ? 0 : Math.min(2147483648L, entry.timing().currentAge(now) / 1000);
  }

  /**
   * Conditional request headers carrying the selected entry's validators (RFC 9111 §4.3.1), to add
   * to the upstream request; empty when there is no entry or it has no validators.
   */
  public Fields validators() {
    if (entry == null) {
      return Fields.of();
    }
    Fields.Builder b = Fields.builder();
    String etag = entry.etag();
    if (etag != null) {
      b.add("If-None-Match", etag);
    }
    String lastModified = entry.lastModified();
    if (lastModified != null) {
      b.add("If-Modified-Since", lastModified);
    }
    return b.build();
  }

  /** The {@code Cache-Status} value for a forwarded request (RFC 9211 §2). */
  public String forwardedStatus(boolean stored, int upstreamStatus) {
    return CacheStatus.forwarded(
        forwardReason == null ? "miss" : forwardReason, upstreamStatus, stored);
  }

  @Override
  public String toString() {
    return "LookupResult[" + decision + " " + key + " fwd=" + forwardReason + "]";
  }
}
