package io.mcpedge.core.config;

/** How a route uses the cache. */
public enum CacheMode {
  /** Never looked up, never stored. */
  OFF,
  /** A standards-following shared cache (RFC 9111). */
  RFC9111,
  /** A forced TTL that ignores the origin's freshness headers, as a VCL {@code beresp.ttl} does. */
  OVERRIDE
}
