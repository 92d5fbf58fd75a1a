package io.mcpedge.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class NettyHeaderViewTest {

  private final HttpHeaders headers =
      new DefaultHttpHeaders()
          .add("Cache-Control", "no-cache")
          .add("cache-control", "max-age=5")
          .add("X-Tenant", "a")
          .add("Authorization", "Bearer t");

  private final NettyHeaderView view = new NettyHeaderView(headers);

  @Test
  void knownNamesAreFoundCaseInsensitivelyThroughTheirConstants() {
    assertThat(NettyHeaderView.known("cache-control")).isSameAs(HttpHeaderNames.CACHE_CONTROL);
    assertThat(view.getAll("cache-control")).containsExactly("no-cache", "max-age=5");
    assertThat(view.get("authorization")).isEqualTo("Bearer t");
    assertThat(view.contains("authorization")).isTrue();
    assertThat(view.contains("pragma")).isFalse();
  }

  @Test
  void anEqualNameThatIsNotTheLiteralIsLookedUpAsGivenAndStillFound() {
    String built = new StringBuilder("cache-").append("control").toString();
    assertThat(NettyHeaderView.known(built)).isSameAs(built);
    assertThat(view.getAll(built)).containsExactly("no-cache", "max-age=5");
  }

  @Test
  void otherNamesAreLookedUpAsGiven() {
    String name = "x-tenant";
    assertThat(NettyHeaderView.known(name)).isSameAs(name);
    assertThat(view.get(name)).isEqualTo("a");
    assertThat(view.get("X-TENANT")).isEqualTo("a");
    assertThat(view.getAll("x-absent")).isEmpty();
  }
}
