package io.mcpedge.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.core.config.EscapedSlashes;
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

  /**
   * Envoy's {@code path_with_escaped_slashes_action}: each spelling of a slash that a decoding
   * server (Uvicorn) would act on, per mode. {@code %252F} is an escaped {@code %} in every mode.
   */
  @ParameterizedTest(name = "{0}: decode {1}, keep {2}")
  @CsvSource({
    "/_internal%2Fmcp%2Frpc, /_internal/mcp/rpc, /_internal%2Fmcp%2Frpc",
    "/_internal%2fmcp, /_internal/mcp, /_internal%2Fmcp",
    "/%5Finternal%2Fmcp, /_internal/mcp, /_internal%2Fmcp",
    "/_internal%5Cmcp, /_internal/mcp, /_internal%5Cmcp",
    "/_internal%5cmcp, /_internal/mcp, /_internal%5Cmcp",
    "/_internal\\mcp, /_internal/mcp, /_internal%5Cmcp",
    "/static/..%2F_internal/x, /_internal/x, /static/..%2F_internal/x",
    "/static/%2E%2E%5C%5Finternal/x, /_internal/x, /static/..%5C_internal/x",
    "/a%2F%2F/b, /a/b, /a%2F%2F/b",
  })
  void escapedSlashesPerMode(String in, String decoded, String kept) {
    assertThat(PathNormalizer.normalize(in, EscapedSlashes.DECODE)).isEqualTo(decoded);
    assertThat(PathNormalizer.normalize(in, EscapedSlashes.KEEP)).isEqualTo(kept);
    assertThatThrownBy(() -> PathNormalizer.normalize(in, EscapedSlashes.REJECT))
        .isInstanceOf(PathNormalizer.EscapedSlashException.class)
        .hasMessageContaining("escapedSlashes: reject");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/_internal%252Fmcp", "/%255Finternal%252F..%252Fx"})
  void aDoubleEscapeIsAnEscapedPercentInEveryMode(String path) {
    for (EscapedSlashes mode : EscapedSlashes.values()) {
      assertThat(PathNormalizer.normalize(path, mode)).as(mode.name()).isEqualTo(path);
    }
  }
}
