package io.mcpedge.server.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcpedge.cache.InvalidationEvent;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InvalidationCodecTest {

  static Stream<InvalidationEvent> events() {
    return Stream.of(
        new InvalidationEvent.Urls(List.of("http://edge/v1/tools", "http://edge/v1/tools/9")),
        new InvalidationEvent.Prefix("http://edge/static/"),
        new InvalidationEvent.Ban("/(v1/)?tools$"),
        InvalidationEvent.Paths.of(
            "http://edge:8080",
            List.of(
                new PathMatch(MatchType.PATH_PREFIX, "/servers"),
                new PathMatch(MatchType.EXACT, "/tools"),
                new PathMatch(MatchType.REGULAR_EXPRESSION, "^/v1/prompts"))));
  }

  @ParameterizedTest
  @MethodSource("events")
  void everyKindSurvivesTheTrip(InvalidationEvent event) {
    InvalidationMessage m = new InvalidationMessage("edge-0-abc", event);
    String text = InvalidationCodec.encode(m);
    assertThat(text).startsWith("{\"v\":1,\"from\":\"edge-0-abc\",\"kind\":");
    assertThat(InvalidationCodec.decode(text)).isEqualTo(m);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[]",
        "{\"v\":2,\"from\":\"a\",\"kind\":\"urls\",\"urls\":[\"http://e/\"]}",
        "{\"v\":1,\"kind\":\"urls\",\"urls\":[\"http://e/\"]}",
        "{\"v\":1,\"from\":\"a\",\"kind\":\"all\"}",
        "{\"v\":1,\"from\":\"a\",\"kind\":\"urls\",\"urls\":[]}",
        "{\"v\":1,\"from\":\"a\",\"kind\":\"urls\",\"urls\":[1]}",
        "{\"v\":1,\"from\":\"a\",\"kind\":\"ban\",\"regex\":\"(\"}",
        "{\"v\":1,\"from\":\"a\",\"kind\":\"paths\",\"origin\":\"http://e\",\"rules\":[]}",
        "{\"v\":1,\"from\":\"a\",\"kind\":\"paths\",\"origin\":\"http://e\","
            + "\"rules\":[{\"type\":\"Prefix\",\"value\":\"/x\"}]}"
      })
  void anythingElseIsRefusedWithAReason(String text) {
    assertThatThrownBy(() -> InvalidationCodec.decode(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected");
  }
}
