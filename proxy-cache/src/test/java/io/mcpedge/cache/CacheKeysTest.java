package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.cache.http.Fields;
import io.mcpedge.core.config.CacheMode;
import io.mcpedge.core.config.CacheScope;
import io.mcpedge.core.config.RouteCacheConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheKeysTest {

  private final CacheKeys keys = new CacheKeys(TestCache.config(1 << 20, 1024));
  private static final RouteCacheConfig PER_CRED =
      TestCache.route(CacheMode.OVERRIDE, CacheScope.PER_CREDENTIAL);
  private static final RouteCacheConfig PUBLIC =
      TestCache.route(CacheMode.OVERRIDE, CacheScope.PUBLIC);

  @ParameterizedTest(name = "[{index}] {0} {1}{2}")
  @CsvSource({
    "http, example.com, /a, http://example.com/a",
    "HTTP, Example.COM, /a, http://example.com/a",
    "http, example.com:80, /a, http://example.com/a",
    "https, example.com:443, /a, https://example.com/a",
    "http, example.com:443, /a, http://example.com:443/a",
    "http, example.com:8080, /a, http://example.com:8080/a",
    "http, example.com:, /a, http://example.com/a",
    "http, [::1]:80, /a, http://[::1]/a",
    "http, [::1]:81, /a, http://[::1]:81/a",
    "http, example.com, '', http://example.com/",
    "http, example.com, /a#frag, http://example.com/a",
    "http, example.com, /a%2f%7e?q=%3a, http://example.com/a%2F~?q=%3A",
    "http, example.com, /%41%62c, http://example.com/Abc",
    "http, example.com, /a?b=1&a=2, http://example.com/a?b=1&a=2",
    "http, example.com, /Path, http://example.com/Path",
    "http, example.com, /a%zz, http://example.com/a%zz"
  })
  @DisplayName("RFC 3986 §6.2.2/§6.2.3: URI normalisation for the primary key")
  void normalisesUri(String scheme, String authority, String target, String expected) {
    assertThat(UriNormaliser.normalise(scheme, authority, target)).isEqualTo(expected);
  }

  @Test
  void sharedScopeIgnoresCredentials() {
    CacheRequest a = TestCache.get("/tools", "Authorization", "Bearer a");
    assertThat(keys.key(TestCache.RFC, a)).isEqualTo(CacheKey.shared("http://example.com/tools"));
    assertThat(keys.key(PUBLIC, a)).isEqualTo(CacheKey.shared("http://example.com/tools"));
  }

  @Test
  @DisplayName("per-credential: two credentials never share an entry")
  void differentCredentialsDifferentKeys() {
    CacheKey a = keys.key(PER_CRED, TestCache.get("/tools", "Authorization", "Bearer a"));
    CacheKey b = keys.key(PER_CRED, TestCache.get("/tools", "Authorization", "Bearer b"));
    CacheKey a2 = keys.key(PER_CRED, TestCache.get("/tools", "authorization", "Bearer a "));
    assertThat(a).isNotEqualTo(b);
    assertThat(a).isEqualTo(a2);
    assertThat(a.uri()).isEqualTo(b.uri());
    assertThat(a.scope()).doesNotContain("Bearer").hasSize(22);
  }

  @Test
  @DisplayName("per-credential: the scope is the first 128 bits of SHA-256 of the material")
  void scopeIsTruncatedSha256() throws Exception {
    String cookieLine = "theme=dark; jwt_token=x";
    byte[] digest =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest(
                "h=Bearer a\nc=jwt_token=x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String expected =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(java.util.Arrays.copyOf(digest, 16));
    CacheRequest both = TestCache.get("/t", "Authorization", " Bearer a ", "Cookie", cookieLine);
    // Again and after another credential: the thread's digest starts afresh each time.
    assertThat(keys.key(PER_CRED, both).scope()).isEqualTo(expected);
    keys.key(PER_CRED, TestCache.get("/t", "Authorization", "Bearer b"));
    assertThat(keys.key(PER_CRED, both).scope()).isEqualTo(expected);
  }

  @Test
  @DisplayName("per-credential: credential cookies key entries; other cookies do not")
  void cookies() {
    CacheKey jwt1 = keys.key(PER_CRED, TestCache.get("/t", "Cookie", "theme=dark; jwt_token=x"));
    CacheKey jwt1b = keys.key(PER_CRED, TestCache.get("/t", "Cookie", "jwt_token=x; theme=lt"));
    CacheKey jwt2 = keys.key(PER_CRED, TestCache.get("/t", "Cookie", "jwt_token=y"));
    CacheKey access = keys.key(PER_CRED, TestCache.get("/t", "Cookie", "access_token=x"));
    CacheKey none = keys.key(PER_CRED, TestCache.get("/t", "Cookie", "theme=dark"));
    assertThat(jwt1).isEqualTo(jwt1b);
    assertThat(jwt1).isNotEqualTo(jwt2).isNotEqualTo(access);
    assertThat(none.scope()).isEqualTo(CacheKey.ANONYMOUS);
    assertThat(keys.key(PER_CRED, TestCache.get("/t")).scope()).isEqualTo(CacheKey.ANONYMOUS);
  }

  @Test
  @DisplayName("a header credential and a cookie credential with the same value differ")
  void headerAndCookieDiffer() {
    CacheKey header = keys.key(PER_CRED, TestCache.get("/t", "Authorization", "x"));
    CacheKey cookie = keys.key(PER_CRED, TestCache.get("/t", "Cookie", "jwt_token=x"));
    assertThat(header).isNotEqualTo(cookie);
  }

  @Test
  void recognisesCredentials() {
    assertThat(keys.hasCredentials(Fields.of("Authorization", "Bearer a"))).isTrue();
    assertThat(keys.hasCredentials(Fields.of("Cookie", "a=1; access_token=z"))).isTrue();
    assertThat(keys.hasCredentials(Fields.of("Cookie", "xjwt_token=1"))).isFalse();
    assertThat(keys.hasCredentials(Fields.of("Accept", "*/*"))).isFalse();
  }

  @Test
  void customCredentialHeader() {
    CacheKeys custom =
        new CacheKeys(
            new io.mcpedge.core.config.CacheConfig(
                io.mcpedge.core.config.ByteSize.ofBytes(100),
                io.mcpedge.core.config.ByteSize.ofBytes(10),
                "X-Api-Key",
                java.util.List.of(),
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(1),
                io.mcpedge.core.config.ByteSize.ofBytes(0)));
    assertThat(custom.hasCredentials(Fields.of("x-api-key", "k"))).isTrue();
    assertThat(custom.key(PER_CRED, TestCache.get("/t", "X-Api-Key", "1")))
        .isNotEqualTo(custom.key(PER_CRED, TestCache.get("/t", "X-Api-Key", "2")));
    // RFC 9111 §3.5 still applies to Authorization even when another header is configured
    assertThat(custom.hasCredentials(Fields.of("Authorization", "Basic x"))).isTrue();
  }
}
