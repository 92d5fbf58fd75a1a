package io.mcpedge.server.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.mcpedge.core.config.RetryConfig;
import io.mcpedge.core.config.RetryOn;
import io.mcpedge.core.policy.retry.RetryBudget;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ProxyException;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The retry filter on an embedded event loop, in front of scripted attempts that behave as {@code
 * UpstreamCall} does: each registers a canceller that reports through its sink.
 */
@Timeout(10)
class RetryFilterTest {

  private final EmbeddedChannel ch = new EmbeddedChannel();
  private final List<ResponseSink> attempts = new ArrayList<>();
  private final List<Throwable> cancels = new ArrayList<>();
  private final Recorder client = new Recorder();
  private final RetryConfig config =
      new RetryConfig(
          2,
          Set.of(RetryOn.FIVE_XX, RetryOn.RESET, RetryOn.CONNECT_FAILURE),
          Set.of(),
          Duration.ofMillis(300),
          Duration.ofMillis(1),
          Duration.ofMillis(10),
          100,
          3);
  private final RetryBudget budget = new RetryBudget(config);
  private final RetryFilter filter =
      new RetryFilter(config, budget, new PinnedRandom(), new RejectionCounters());

  @AfterEach
  void finish() {
    assertThat(budget.activeRequests()).isZero();
    assertThat(budget.activeRetries()).isZero();
    assertFalse(ch.finishAndReleaseAll());
  }

  private Exchange start(HttpMethod method) {
    ch.freezeTime();
    Exchange ex = Exchanges.of(ch, method);
    Next next =
        (e, sink) -> {
          attempts.add(sink);
          e.setCanceller(
              cause -> {
                cancels.add(cause);
                sink.onError(cause);
              });
        };
    filter.filter(ex, next, client);
    return ex;
  }

  private static HttpResponse head(int status, long contentLength) {
    HttpResponse res =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
    HttpUtil.setContentLength(res, contentLength);
    return res;
  }

  private void runBackoff() {
    ch.runPendingTasks();
    ch.runScheduledPendingTasks();
  }

  @ParameterizedTest(name = "{0} with Content-Length {1}: aborted {2}")
  @CsvSource({"503, 100000, true", "500, 1, true", "502, 0, false"})
  void aRetried5xxIsAbandonedAtItsHeadUnlessItsBodyIsEmpty(
      int status, long length, boolean aborted) {
    Exchange ex = start(HttpMethod.GET);
    ResponseSink first = attempts.get(0);
    first.onHead(head(status, length));
    assertThat(cancels).hasSize(aborted ? 1 : 0);
    if (aborted) {
      assertThat(cancels.get(0)).isSameAs(RetryingExchange.ABANDONED);
      // A late chunk of the abandoned answer is dropped, not passed on.
      first.onContent(new DefaultHttpContent(Unpooled.copiedBuffer(new byte[] {1})));
    } else {
      first.onContent(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    assertThat(attempts).hasSize(1); // the retry waits for its backoff
    runBackoff();
    assertThat(attempts).hasSize(2);
    attempts.get(1).onHead(head(200, 0));
    attempts.get(1).onContent(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(client.statuses).containsExactly(200);
    assertThat(client.errors).isEmpty();
    assertThat(ex.isDone()).isFalse();
  }

  @Test
  void anAttemptWithoutAHeadIsCutAtThePerTryTimeoutAndRetried() {
    start(HttpMethod.GET);
    ch.advanceTimeBy(299, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(cancels).isEmpty();
    ch.advanceTimeBy(1, TimeUnit.MILLISECONDS);
    ch.runScheduledPendingTasks();
    assertThat(cancels).hasSize(1);
    assertThat(Failure.classify(cancels.get(0))).isEqualTo(Failure.UPSTREAM_TIMEOUT);
    runBackoff();
    assertThat(attempts).hasSize(2);
    attempts.get(1).onHead(head(200, 0));
    attempts.get(1).onContent(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(client.statuses).containsExactly(200);
  }

  @Test
  void anAnswerWhoseHeadArrivedIsNeverCutByThePerTryTimeout() {
    start(HttpMethod.GET);
    attempts.get(0).onHead(head(200, 10));
    ch.advanceTimeBy(10, TimeUnit.SECONDS);
    ch.runScheduledPendingTasks();
    assertThat(cancels).isEmpty();
    attempts.get(0).onContent(new DefaultHttpContent(Unpooled.copiedBuffer(new byte[10])));
    attempts.get(0).onContent(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(client.statuses).containsExactly(200);
    assertThat(client.chunks).isEqualTo(2);
  }

  @Test
  void aPostAnswered503IsPassedOnNotRetried() {
    start(HttpMethod.POST);
    attempts.get(0).onHead(head(503, 4));
    attempts.get(0).onContent(LastHttpContent.EMPTY_LAST_CONTENT);
    runBackoff();
    assertThat(attempts).hasSize(1);
    assertThat(cancels).isEmpty();
    assertThat(client.statuses).containsExactly(503);
  }

  @Test
  void retriesStopAtNumRetries() {
    start(HttpMethod.GET);
    for (int i = 0; i < 3; i++) {
      attempts.get(i).onError(new ProxyException(Failure.UPSTREAM_RESET, "x"));
      runBackoff();
    }
    assertThat(attempts).hasSize(3);
    assertThat(client.errors).hasSize(1);
  }

  /** What the client would get. */
  private static final class Recorder implements ResponseSink {
    final List<Integer> statuses = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();
    int chunks;

    @Override
    public void onHead(HttpResponse head) {
      statuses.add(head.status().code());
    }

    @Override
    public void onContent(HttpContent chunk) {
      chunks++;
      chunk.release();
    }

    @Override
    public void onError(Throwable cause) {
      errors.add(cause);
    }
  }
}
