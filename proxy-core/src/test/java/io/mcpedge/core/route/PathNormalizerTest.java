package io.mcpedge.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/, /",
    "/v1/tools, /v1/tools",
    "/mcp/, /mcp/",
    // RFC 3986 §6.2.2.2: unreserved characters are decoded, others keep upper-case hex.
    "/%5Finternal/x, /_internal/x",
    "/%7euser, /~user",
    "/a%2fb, /a%2Fb",
    "/a%2Fb, /a%2Fb",
    "/caf%c3%a9, /caf%C3%A9",
    // RFC 3986 §5.2.4: dot-segments.
    "/a/./b, /a/b",
    "/a/../_internal/x, /_internal/x",
    "/../../etc, /etc",
    "/a/b/.., /a/",
    "/a/b/., /a/b/",
    "/a/%2e%2e/b, /b",
    "/.well-known/x, /.well-known/x",
    "/a/..b/c, /a/..b/c",
    "/a/.b, /a/.b",
    // Merged slashes, as Envoy's merge_slashes.
    "//_internal/x, /_internal/x",
    "/a//b///c, /a/b/c",
  })
  void normalizes(String in, String out) {
    assertThat(PathNormalizer.normalize(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/v1/tools", "/servers/abc/mcp", "/static/app.js", "/"})
  void normalPathsAreReturnedAsTheSameInstance(String path) {
    assertThat(PathNormalizer.normalize(path)).isSameAs(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a%zzb", "/a%2", "/a%"})
  void badPercentEncodingIsRejectedNamingTheExpectation(String path) {
    assertThatThrownBy(() -> PathNormalizer.normalize(path))
        .isInstanceOf(PathNormalizer.InvalidPathException.class)
        .hasMessage("path: \"" + path + "\" (expected: % followed by two hexadecimal digits)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "*", "v1/tools"})
  void aPathMustStartWithASlash(String path) {
    assertThatThrownBy(() -> PathNormalizer.normalize(path))
        .isInstanceOf(PathNormalizer.InvalidPathException.class)
        .hasMessageContaining("expected: starting with /");
  }
}
