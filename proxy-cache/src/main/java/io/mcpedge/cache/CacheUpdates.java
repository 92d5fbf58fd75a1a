package io.mcpedge.cache;

import io.mcpedge.cache.http.EntityTags;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.cache.http.HeaderView;
import io.mcpedge.cache.http.TargetedCacheControl;
import io.mcpedge.core.route.PathMatcher;
import java.time.InstantSource;
import java.util.List;

/**
 * Everything that changes the store in reaction to an upstream answer: storing a new response,
 * updating an entry from a 304 (RFC 9111 §4.3.4) or a HEAD (§4.3.5), and invalidating after an
 * unsafe request (§4.4).
 */
public final class CacheUpdates {

  private final CacheStore store;
  private final Storability storability;
  private final InstantSource clock;
  private final TargetedCacheControl targeted;
  private final CacheKeys keys;
  private final InFlightBudget inFlight;
  private final Invalidations invalidations;
  private final BodyStorage storage;

  /**
   * @param targeted the targeted cache-control fields this cache follows (RFC 9213)
   * @param inFlight bounds the heap that answers being stored hold at once
   * @param invalidations where writes' invalidations go, so that other replicas hear of them
   * @param storage where the bodies of stored answers are kept
   */
  public CacheUpdates(
      CacheStore store,
      Storability storability,
      InstantSource clock,
      TargetedCacheControl targeted,
      CacheKeys keys,
      InFlightBudget inFlight,
      Invalidations invalidations,
      BodyStorage storage) {
    this.store = store;
    this.storage = storage;
    this.invalidations = invalidations;
    this.storability = storability;
    this.clock = clock;
    this.targeted = targeted;
    this.keys = keys;
    this.inFlight = inFlight;
  }

  /** Whether the answer to a looked-up request may be stored, and why not. */
  public Storability.Decision decide(LookupResult lookup, int status, HeaderView headers) {
    if (lookup.key() == null) {
      return new Storability.Decision(false, "bypass");
    }
    return storability.decide(
        lookup.route(),
        lookup.request(),
        lookup.credentialed(),
        status,
        headers,
        targeted.of(headers));
  }

  /**
   * A writer for the answer's body, or {@code null} when the answer is not storable or the answers
   * being stored right now hold the whole {@link InFlightBudget}. Call when the response head
   * arrives; {@code requestTime} is when the upstream request was sent.
   */
  public StoreWriter openWriter(
      LookupResult lookup, int status, HeaderView headers, long requestTime) {
    if (!decide(lookup, status, headers).store()) {
      return null;
    }
    long responseTime = clock.millis();
    Fields stored = Entries.storable(headers);
    Fields received = Fields.copyOf(headers);
    long declared = declaredLength(headers.get("content-length"));
    List<String> vary = keys.keyedVary(lookup.route(), VaryKey.names(stored));
    StoreWriter writer =
        new StoreWriter(
            store,
            inFlight,
            storage,
            body ->
                Entries.create(
                    lookup,
                    targeted,
                    status,
                    received,
                    stored,
                    vary,
                    body,
                    requestTime,
                    responseTime),
            storability.maxObjectSize(),
            declared,
            requestTime);
    // No room among the answers being stored right now: this one passes through uncached.
    return writer.isClosed() ? null : writer;
  }

  /**
   * Applies a 304 received for {@code lookup}'s conditional request (§4.3.4) and returns the
   * updated entry to serve; {@code null} when the 304's validators do not match the stored entry,
   * in which case the server repeats the request unconditionally, as it does when the entry's body
   * was freed meanwhile (evicted or purged). An update that makes the response unstorable removes
   * it from the store, but it may still answer this request while another holds its body.
   */
  public StoredResponse revalidated(LookupResult lookup, HeaderView notModified, long requestTime) {
    StoredResponse entry = lookup.entry();
    if (entry == null || !validatorsMatch(entry, notModified)) {
      return null;
    }
    // The updated entry shares the body: its own reference, taken before the old entry's goes.
    if (!entry.body().tryAcquire()) {
      return null;
    }
    Fields merged = Entries.merge(entry.headers(), notModified);
    StoredResponse updated =
        Entries.updated(lookup, targeted, entry, merged, notModified, requestTime, clock.millis());
    store.remove(entry);
    if (!targeted.of(merged).noStore()) {
      store.put(updated);
    } else {
      updated.body().release();
    }
    return updated;
  }

  /**
   * §4.3.5: a 200 answer to a HEAD request updates the stored GET response it describes, or
   * invalidates it when its length or validators show the representation changed.
   */
  public void freshenWithHead(
      LookupResult lookup, int status, HeaderView headers, long requestTime) {
    StoredResponse entry = lookup.entry();
    if (entry == null || status != 200) {
      return;
    }
    String length = headers.get("content-length");
    boolean changed =
        (length != null && !length.trim().equals(Integer.toString(entry.body().length())))
            || differs(entry.etag(), headers.get("etag"))
            || differs(entry.lastModified(), headers.get("last-modified"));
    if (changed || !entry.body().tryAcquire()) {
      store.remove(entry);
      return;
    }
    store.remove(entry);
    Fields merged = Entries.merge(entry.headers(), headers);
    store.put(
        Entries.updated(lookup, targeted, entry, merged, headers, requestTime, clock.millis()));
  }

  /** §4.4: invalidates what an unsafe request's non-error answer made stale; returns the URIs. */
  public List<String> invalidateAfter(CacheRequest request, int status, HeaderView response) {
    List<String> uris =
        Invalidation.targets(
            request, status, response.get("location"), response.get("content-location"));
    if (!uris.isEmpty()) {
      invalidations.local(new InvalidationEvent.Urls(uris));
    }
    return uris;
  }

  /**
   * Beyond §4.4: after a non-error answer to an unsafe request, drops the entries of the request's
   * host whose path matches one of {@code rules} (the route's {@code cache.invalidates}), in every
   * credential scope and variant. Lists live at other URIs than the items a write changes.
   */
  public int invalidatePathsAfter(CacheRequest request, int status, List<PathMatcher> rules) {
    if (rules.isEmpty() || Invalidation.isSafe(request.method()) || status < 200 || status >= 400) {
      return 0;
    }
    String root = UriNormaliser.normalise(request.scheme(), request.authority(), "/");
    return invalidations.local(
        new InvalidationEvent.Paths(root.substring(0, root.length() - 1), rules));
  }

  /** §4.3.4: a 304 with a strong ETag or a Last-Modified must agree with the stored validators. */
  static boolean validatorsMatch(StoredResponse entry, HeaderView notModified) {
    String etag = notModified.get("etag");
    if (etag != null && !EntityTags.isWeak(etag.trim())) {
      return EntityTags.strongMatch(etag, entry.etag());
    }
    if (etag != null) {
      return EntityTags.weakMatch(etag, entry.etag());
    }
    String lm = notModified.get("last-modified");
    return lm == null || entry.lastModified() == null || lm.trim().equals(entry.lastModified());
  }

  private static boolean differs(String stored, String received) {
    return received != null && (stored == null || !stored.trim().equals(received.trim()));
  }

  private static long declaredLength(String contentLength) {
    if (contentLength == null) {
      return -1;
    }
    try {
      return Long.parseLong(contentLength.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
