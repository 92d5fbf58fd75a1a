package io.mcpedge.core.policy.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.mcpedge.core.policy.Checks;

/**
 * The answer of a {@link RateLimiter} for one request, carrying everything the server needs to
 * write a {@code 429} (or to decorate an admitted response) without knowing how limits work.
 */
public final class RateLimitDecision {

  private final boolean allowed;
  private final long remaining;
  private final long retryAfterSeconds;
  private final long resetSeconds;
  private final RateLimitQuota quota;

  /**
   * @param allowed whether the request may pass
   * @param remaining tokens left after this request
   * @param retryAfterSeconds when rejected, whole seconds until a request would be admitted (at
   *     least 1); zero when allowed
   * @param resetSeconds seconds after which the client can expect more room: until the bucket is
   *     full again when allowed, {@code retryAfterSeconds} when rejected
   * @param quota the limit that decided
   */
  public RateLimitDecision(
      boolean allowed,
      long remaining,
      long retryAfterSeconds,
      long resetSeconds,
      RateLimitQuota quota) {
    this.allowed = allowed;
    this.remaining = remaining;
    this.retryAfterSeconds = retryAfterSeconds;
    this.resetSeconds = resetSeconds;
    this.quota = quota;
  }

  /**
   * The decision a bucket4j bucket gave for one token, local or shared: admitted with what is left
   * and the seconds until the bucket is full, or refused with the whole seconds until a token is
   * back (at least 1).
   */
  public static RateLimitDecision of(ConsumptionProbe probe, RateLimitQuota quota) {
    if (probe.isConsumed()) {
      return new RateLimitDecision(
          true,
          probe.getRemainingTokens(),
          0,
          Checks.ceilSeconds(probe.getNanosToWaitForReset()),
          quota);
    }
    long retryAfter = Math.max(1, Checks.ceilSeconds(probe.getNanosToWaitForRefill()));
    return new RateLimitDecision(false, 0, retryAfter, retryAfter, quota);
  }

  public boolean allowed() {
    return allowed;
  }

  public long remaining() {
    return remaining;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public long resetSeconds() {
    return resetSeconds;
  }

  public RateLimitQuota quota() {
    return quota;
  }

  /** The {@code Retry-After} header value (RFC 9110 §10.2.3, delay-seconds) of a rejection. */
  public String retryAfterHeader() {
    return Long.toString(retryAfterSeconds);
  }

  /** The {@code RateLimit} header value, formatted on demand. */
  public String rateLimitHeader() {
    return quota.rateLimitHeader(remaining, resetSeconds);
  }

  /** The {@code RateLimit-Policy} header value, shared by every decision of the limiter. */
  public String rateLimitPolicyHeader() {
    return quota.policyHeader();
  }

  @Override
  public String toString() {
    return (allowed ? "allowed" : "rejected")
        + "{remaining="
        + remaining
        + ", retryAfter="
        + retryAfterSeconds
        + "s, reset="
        + resetSeconds
        + "s}";
  }
}
