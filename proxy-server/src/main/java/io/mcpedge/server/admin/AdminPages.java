package io.mcpedge.server.admin;

/**
 * The pages of the admin listener beyond the probes; any of them may be {@code null} (not served:
 * 404).
 *
 * @param cache the cache's purge and stats endpoints
 * @param metrics the Prometheus exposition (metrics off: {@code null})
 * @param upstreams {@code GET /upstreams}
 * @param config {@code GET /config}
 */
public record AdminPages(
    CacheAdminEndpoint cache,
    MetricsEndpoint metrics,
    UpstreamsEndpoint upstreams,
    ConfigEndpoint config) {}
