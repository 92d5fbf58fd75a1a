package io.mcpedge.server.answer;

import io.mcpedge.core.policy.ratelimit.RateLimitDecision;
import io.mcpedge.server.codec.HeaderNames;
import io.mcpedge.server.exchange.Failure;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.AsciiString;

/**
 * The {@code 429} of one route, built from parts encoded once: under a flood the proxy answers far
 * more requests with it than it forwards, so its body, its policy header and the usual {@code
 * Retry-After} and {@code RateLimit} values (a refused request has nothing remaining and waits a
 * few seconds) are kept rather than formatted per answer.
 *
 * <p>Filled on first use from the route's name and limiter, then only read. Routes are shared by
 * event loops; two loops that fill it at once build the same immutable values, so the race is
 * harmless.
 */
public final class RateLimitAnswers {

  /** Waits of up to this many seconds have their header values kept. */
  private static final int KEPT_SECONDS = 16;

  private LocalText body;
  private AsciiString policy;
  private final AsciiString[] retryAfter = new AsciiString[KEPT_SECONDS];
  private final AsciiString[] rateLimit = new AsciiString[KEPT_SECONDS];

  /** The {@code RateLimit-Policy} value, the same for every decision of the route's limiter. */
  public CharSequence policy(RateLimitDecision decision) {
    AsciiString p = policy;
    if (p == null) {
      p = new AsciiString(decision.rateLimitPolicyHeader());
      policy = p;
    }
    return p;
  }

  /** {@code 429 Too Many Requests} with {@code Retry-After}, {@code RateLimit} and its policy. */
  public FullHttpResponse rejected(String routeName, RateLimitDecision decision) {
    LocalText text = body;
    if (text == null) {
      text =
          new LocalText(
              Failure.RATE_LIMITED.status(),
              LocalAnswers.failureText(Failure.RATE_LIMITED, routeName));
      body = text;
    }
    FullHttpResponse res = text.response();
    res.headers()
        .add(HttpHeaderNames.RETRY_AFTER, retryAfter(decision))
        .add(HeaderNames.RATE_LIMIT_POLICY, policy(decision))
        .add(HeaderNames.RATE_LIMIT, rateLimit(decision));
    return res;
  }

  /**
   * The {@code 429} of an MCP request: the same status and headers, with a JSON-RPC error body that
   * carries the request's {@code id} (JSON text), so that an MCP client reads the refusal as it
   * reads its server's errors. The MCP specification names no code for it; {@code -32000} is the
   * first of JSON-RPC's implementation-defined server errors (JSON-RPC 2.0 §5.1).
   */
  public FullHttpResponse rejectedJsonRpc(
      String routeName, RateLimitDecision decision, String id, ByteBufAllocator alloc) {
    String message =
        "Rate limited"
            + (routeName == null ? "" : " (route " + routeName + ")")
            + ": retry after "
            + decision.retryAfterSeconds()
            + " s";
    FullHttpResponse res =
        JsonRpcErrors.answer(
            Failure.RATE_LIMITED.status(), id, JsonRpcErrors.RATE_LIMITED, message, alloc);
    res.headers()
        .add(HttpHeaderNames.RETRY_AFTER, retryAfter(decision))
        .add(HeaderNames.RATE_LIMIT_POLICY, policy(decision))
        .add(HeaderNames.RATE_LIMIT, rateLimit(decision));
    return res;
  }

  private CharSequence retryAfter(RateLimitDecision decision) {
    long s = decision.retryAfterSeconds();
    if (s < 0 || s >= KEPT_SECONDS) {
      return decision.retryAfterHeader();
    }
    AsciiString v = retryAfter[(int) s];
    if (v == null) {
      v = new AsciiString(decision.retryAfterHeader());
      retryAfter[(int) s] = v;
    }
    return v;
  }

  private CharSequence rateLimit(RateLimitDecision decision) {
    long s = decision.resetSeconds();
    if (decision.remaining() != 0 || s < 0 || s >= KEPT_SECONDS) {
      return decision.rateLimitHeader();
    }
    AsciiString v = rateLimit[(int) s];
    if (v == null) {
      v = new AsciiString(decision.rateLimitHeader());
      rateLimit[(int) s] = v;
    }
    return v;
  }
}
