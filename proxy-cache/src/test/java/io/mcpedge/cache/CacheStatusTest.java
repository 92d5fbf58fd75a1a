package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CacheStatusTest {

  @Test
  @DisplayName("RFC 9211 §2: hit, fwd, fwd-status, stored, collapsed")
  void values() {
    assertThat(CacheStatus.hit(30)).isEqualTo("mcp-edge; hit; ttl=30");
    assertThat(CacheStatus.forwarded("uri-miss", 200, true))
        .isEqualTo("mcp-edge; fwd=uri-miss; fwd-status=200; stored");
    assertThat(CacheStatus.forwarded("bypass", 0, false)).isEqualTo("mcp-edge; fwd=bypass");
    assertThat(CacheStatus.staleOnError(-5, 503))
        .isEqualTo("mcp-edge; hit; ttl=-5; detail=stale-if-error; fwd-status=503");
    assertThat(CacheStatus.staleOnError(-5, 0))
        .isEqualTo("mcp-edge; hit; ttl=-5; detail=stale-if-error");
    assertThat(CacheStatus.collapsedHit(9)).isEqualTo("mcp-edge; hit; ttl=9; collapsed");
  }

  @Test
  @DisplayName("RFC 9111 §5.2.1.7: only-if-cached with nothing stored answers 504")
  void onlyIfCachedMiss() {
    TestCache t = new TestCache();
    LookupResult r =
        t.lookup(TestCache.RFC, TestCache.get("/none", "Cache-Control", "only-if-cached"));
    assertThat(r.decision()).isEqualTo(Decision.GATEWAY_TIMEOUT);
    assertThat(r.decision().servedFromCache()).isFalse();
  }
}
