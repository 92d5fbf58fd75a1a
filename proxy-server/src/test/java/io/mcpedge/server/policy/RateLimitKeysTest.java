package io.mcpedge.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.core.config.RateLimitConfig;
import io.mcpedge.core.config.RateLimitKey;
import io.mcpedge.core.credential.Credential;
import io.mcpedge.server.cache.NettyHeaderView;
import io.mcpedge.server.exchange.Exchange;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bucket keys: header values and credentials are hashed, never kept as they came. */
@Timeout(10)
class RateLimitKeysTest {

  private final EmbeddedChannel ch = new EmbeddedChannel();

  @AfterEach
  void finish() {
    assertFalse(ch.finishAndReleaseAll());
  }

  private static final Credential CREDENTIAL =
      new Credential("Authorization", List.of("jwt_token", "access_token"));

  private static Function<Exchange, String> extractor(RateLimitKey key) {
    return RateLimitKeys.extractor(
        new RateLimitConfig(10, 10, key, key == RateLimitKey.HEADER ? "X-Api-Key" : null),
        CREDENTIAL);
  }

  @ParameterizedTest
  @EnumSource(
      value = RateLimitKey.class,
      names = {"HEADER", "CREDENTIAL"})
  void headerValuesAreHashedToFixedSizeKeys(RateLimitKey key) {
    String header = key == RateLimitKey.HEADER ? "X-Api-Key" : "Authorization";
    Function<Exchange, String> f = extractor(key);
    String secret = "sk-live-" + "a".repeat(500);
    String k1 = f.apply(Exchanges.get(ch, header, secret));
    String k2 = f.apply(Exchanges.get(ch, header, secret));
    String other = f.apply(Exchanges.get(ch, header, "sk-live-b"));
    assertThat(k1).isEqualTo(k2).isNotEqualTo(other).doesNotContain("sk-live").hasSize(22);
    assertThat(k1).isEqualTo(CREDENTIAL.hashHeaderValue(secret));
    assertThat(f.apply(Exchanges.get(ch))).isNull(); // no value: the shared bucket
  }

  @Test
  void theCredentialKeyReadsTheConfiguredCredentialHeaderOnly() {
    Function<Exchange, String> f = extractor(RateLimitKey.CREDENTIAL);
    assertThat(f.apply(Exchanges.get(ch, "X-Api-Key", "k"))).isNull();
    assertThat(f.apply(Exchanges.get(ch, "Authorization", "Bearer a")))
        .isNotEqualTo(f.apply(Exchanges.get(ch, "Authorization", "Bearer b")));
  }

  @Test
  void theRouteKeyAndAnUnknownClientAddressShareOneBucket() {
    assertThat(extractor(RateLimitKey.ROUTE).apply(Exchanges.get(ch, "X-Api-Key", "k"))).isNull();
    // An embedded channel has no socket address.
    assertThat(extractor(RateLimitKey.CLIENT_ADDRESS).apply(Exchanges.get(ch))).isNull();
  }

  @Test
  void theCredentialKeyIsTheCredentialsHashCookiesIncluded() {
    Function<Exchange, String> f = extractor(RateLimitKey.CREDENTIAL);
    String alice = f.apply(Exchanges.get(ch, "Cookie", "theme=dark; jwt_token=alice"));
    assertThat(alice)
        .isNotNull()
        .hasSize(22)
        .doesNotContain("alice")
        .isEqualTo(f.apply(Exchanges.get(ch, "Cookie", "jwt_token=alice; theme=light")))
        .isNotEqualTo(f.apply(Exchanges.get(ch, "Cookie", "jwt_token=bob")))
        .isNotEqualTo(f.apply(Exchanges.get(ch, "Authorization", "alice")));
    assertThat(f.apply(Exchanges.get(ch, "Cookie", "theme=dark"))).isNull();
    // The very name the cache gives the credential.
    Exchange both = Exchanges.get(ch, "Authorization", "Bearer a", "Cookie", "access_token=z");
    assertThat(f.apply(both))
        .isEqualTo(CREDENTIAL.hash(new NettyHeaderView(both.request().headers())));
  }
}
