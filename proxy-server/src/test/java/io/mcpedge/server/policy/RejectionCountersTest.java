package io.mcpedge.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.server.exchange.Exchange;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class RejectionCountersTest {

  @Test
  void countsPerRouteAndReasonAndSnapshotsOnlyNonZeroCountsInOrder() {
    RejectionCounters c = new RejectionCounters();
    c.increment("b", RejectionReason.RATE_LIMITED);
    c.increment("b", RejectionReason.RATE_LIMITED);
    c.increment("a", RejectionReason.RETRY_BUDGET);
    c.increment("a", RejectionReason.BREAKER_OPEN);
    c.increment(null, RejectionReason.OVERLOADED_REQUESTS);

    assertThat(c.count("b", RejectionReason.RATE_LIMITED)).isEqualTo(2);
    assertThat(c.count("b", RejectionReason.BREAKER_OPEN)).isZero();
    assertThat(c.count("nowhere", RejectionReason.RATE_LIMITED)).isZero();
    assertThat(c.count("", RejectionReason.OVERLOADED_REQUESTS)).isEqualTo(1);

    Map<String, Map<RejectionReason, Long>> s = c.snapshot();
    assertThat(s.keySet()).containsExactly("", "a", "b");
    assertThat(s.get("a").keySet())
        .containsExactly(RejectionReason.BREAKER_OPEN, RejectionReason.RETRY_BUDGET);
    assertThat(s.get("b")).containsExactlyEntriesOf(Map.of(RejectionReason.RATE_LIMITED, 2L));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "RATE_LIMITED, rate_limited",
    "BREAKER_OPEN, breaker_open",
    "OVERLOADED_CONNECTIONS, overloaded",
    "OVERLOADED_PENDING, overloaded",
    "OVERLOADED_REQUESTS, overloaded",
    "RETRY_BUDGET, retry_budget",
  })
  void aRejectionIsCountedAndWrittenIntoTheExchangesRecord(RejectionReason reason, String name) {
    RejectionCounters c = new RejectionCounters();
    EmbeddedChannel ch = new EmbeddedChannel();
    Exchange ex = Exchanges.get(ch);
    assertThat(ex.record().rejection()).isNull();
    c.reject(ex, reason);
    assertThat(ex.record().rejection()).isEqualTo(name);
    assertThat(c.count("", reason)).isEqualTo(1);
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }
}
