package io.mcpedge.server.admin;

/**
 * The pages of the admin listener beyond the probes; any of them may be {@code null} (not served:
 * 404).
 *
 * @param cache the cache's purge and stats endpoints
 * @param metrics the Prometheus exposition (metrics off: {@code null})
 * @param upstreams {@code GET /upstreams}
 * @param config {@code GET /config}
 * @param tls {@code GET /tls}: the certificate status of the TLS listeners
 * @param reload {@code GET} and {@code POST /reload}: the config reload
 */
public record AdminPages(
    CacheAdminEndpoint cache,
    MetricsEndpoint metrics,
    UpstreamsEndpoint upstreams,
    ConfigEndpoint config,
    TlsStatusEndpoint tls,
    ReloadEndpoint reload) {

  /** The pages of a server without TLS listeners. */
  public AdminPages(
      CacheAdminEndpoint cache,
      MetricsEndpoint metrics,
      UpstreamsEndpoint upstreams,
      ConfigEndpoint config) {
    this(cache, metrics, upstreams, config, null, null);
  }
}
