package io.mcpedge.core.policy.ratelimit;

import io.mcpedge.core.policy.Checks;

/**
 * The advertised shape of a rate limit, with its header values built once: a limiter answers many
 * requests per second and should not format the same policy text for each of them.
 *
 * <p>Header syntax follows draft-ietf-httpapi-ratelimit-headers, which writes both fields as
 * structured-field lists (RFC 8941 §3.1) of one item named by the policy: {@code RateLimit-Policy:
 * "route";q=3000;w=1} and {@code RateLimit: "route";r=12;t=1}. A token bucket is described as its
 * refill rate per one-second window; the burst is what a client may spend at once on top of it.
 */
public final class RateLimitQuota {

  private final String name;
  private final long requestsPerSecond;
  private final long burst;
  private final String quotedName;
  private final String policyHeader;

  /**
   * @param name the policy name clients see, usually the route name; printable ASCII
   * @param requestsPerSecond refill rate, > 0
   * @param burst bucket capacity, > 0
   */
  public RateLimitQuota(String name, long requestsPerSecond, long burst) {
    this.name = Checks.present("name", name);
    this.requestsPerSecond = Checks.positive("requestsPerSecond", requestsPerSecond);
    this.burst = Checks.positive("burst", burst);
    this.quotedName = quote(name);
    this.policyHeader = quotedName + ";q=" + requestsPerSecond + ";w=1";
  }

  /** RFC 8941 §3.3.3 sf-string: printable ASCII, with {@code "} and {@code \} escaped. */
  private static String quote(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 2).append('"');
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            "name: " + name + " (expected: printable ASCII characters only)");
      }
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"').toString();
  }

  public String name() {
    return name;
  }

  public long requestsPerSecond() {
    return requestsPerSecond;
  }

  public long burst() {
    return burst;
  }

  /** The value of the {@code RateLimit-Policy} response header. */
  public String policyHeader() {
    return policyHeader;
  }

  /** The value of the {@code RateLimit} response header for these numbers. */
  String rateLimitHeader(long remaining, long resetSeconds) {
    return quotedName + ";r=" + remaining + ";t=" + resetSeconds;
  }
}
