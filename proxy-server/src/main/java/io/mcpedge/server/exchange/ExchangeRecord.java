package io.mcpedge.server.exchange;

/**
 * What the policies and the upstream stage learned about one exchange, for whoever reports it when
 * it ends (the access log, metrics, the server span): the cache's verdict, the attempts sent
 * upstream and where, when the first response head came back, the policy that refused it, and the
 * bytes each way. One per exchange, made with it and confined to its event loop: plain fields, no
 * synchronisation. Values a filter never sets keep their "nothing happened" defaults.
 */
public final class ExchangeRecord {

  /** What the cache did with the exchange. */
  public enum CacheResult {
    /** The route does not cache, or the cache did not look. */
    NONE,
    /** Answered from a fresh entry. */
    HIT,
    /** Answered from a stale entry (stale-while-revalidate, stale-if-error). */
    STALE,
    /** Looked up, nothing usable: forwarded and maybe stored. */
    MISS,
    /** Forwarded without a lookup (method, credentials, bypass rule, Range...). */
    PASS,
    /** A stored entry was revalidated upstream and served ({@code 304} from the origin). */
    REVALIDATED,
    /** Waited for a concurrent identical miss and was answered from what it stored. */
    COALESCED
  }

  private CacheResult cacheResult = CacheResult.NONE;
  private String upstreamEndpoint;
  private int attempts;
  private long upstreamHeadNanos = -1;
  private String rejection;
  private long bytesIn;
  private long bytesOut;
  private String traceId;

  public CacheResult cacheResult() {
    return cacheResult;
  }

  public void cacheResult(CacheResult r) {
    this.cacheResult = r;
  }

  /** The endpoint ({@code host:port}) of the last attempt sent upstream, or {@code null}. */
  public String upstreamEndpoint() {
    return upstreamEndpoint;
  }

  /** Counts one more attempt sent upstream, to {@code endpoint} ({@code host:port}). */
  public void attemptStarted(String endpoint) {
    this.attempts++;
    this.upstreamEndpoint = endpoint;
  }

  /** Upstream attempts sent for this exchange (retries included); 0 when none was. */
  public int attempts() {
    return attempts;
  }

  /**
   * The proxy clock's reading when the first final response head of the last attempt arrived, or
   * {@code -1} when none did.
   */
  public long upstreamHeadNanos() {
    return upstreamHeadNanos;
  }

  public void upstreamHeadNanos(long nanos) {
    this.upstreamHeadNanos = nanos;
  }

  /**
   * The policy that answered instead of the upstream (for example {@code rate_limited}, {@code
   * breaker_open}), or {@code null}.
   */
  public String rejection() {
    return rejection;
  }

  public void rejection(String reason) {
    this.rejection = reason;
  }

  /** Request body bytes read from the client. */
  public long bytesIn() {
    return bytesIn;
  }

  public void addBytesIn(long n) {
    bytesIn += n;
  }

  /** Response body bytes written to the client. */
  public long bytesOut() {
    return bytesOut;
  }

  public void addBytesOut(long n) {
    bytesOut += n;
  }

  /** The W3C trace id of the exchange's server span, or {@code null} when not traced. */
  public String traceId() {
    return traceId;
  }

  public void traceId(String id) {
    this.traceId = id;
  }

  /** Why a stale entry answered the exchange (with {@link CacheResult#STALE}). */
  public enum StaleReason {
    /** Not served stale. */
    NONE,
    /** The client's {@code max-stale} accepts it (RFC 9111 §5.2.1.1). */
    MAX_STALE,
    /** Inside the entry's {@code stale-while-revalidate} window (RFC 5861 §3). */
    WHILE_REVALIDATE,
    /** The upstream failed: {@code stale-if-error} or the route's grace (RFC 5861 §4). */
    IF_ERROR
  }

  private StaleReason staleReason = StaleReason.NONE;

  /** Why the exchange was answered stale; {@link StaleReason#NONE} unless it was. */
  public StaleReason staleReason() {
    return staleReason;
  }

  /** The exchange is answered from a stale entry, for {@code reason}. */
  public void servedStale(StaleReason reason) {
    this.cacheResult = CacheResult.STALE;
    this.staleReason = reason;
  }

  private boolean eventStream;

  /** Whether the answer is a Server-Sent Events stream that metrics counted as open. */
  public boolean eventStream() {
    return eventStream;
  }

  public void eventStream(boolean open) {
    this.eventStream = open;
  }
}
