package io.mcpedge.server.answer;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the {@code admin.token} bearer token (RFC 6750 §2.1) that every admin page beyond the
 * probes and the metrics requires, and a {@code PURGE} on a data listener. It lives beside the
 * local answers rather than in the admin package, since the cache's filter uses it too. Without a
 * configured token those pages are refused: an open purge would let anybody empty the cache, and
 * {@code /config} or {@code /upstreams} tell an attacker how the deployment is laid out.
 */
public final class AdminToken {

  private static final String BEARER = "bearer ";

  private final byte[] token;

  public AdminToken(String token) {
    this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /** True when a token is configured. */
  public boolean configured() {
    return token != null;
  }

  /**
   * {@code null} when {@code authorization} carries the token; otherwise the refusal: 403 when no
   * token is configured (no credential can help), 401 when none or a wrong one was presented.
   */
  public HttpResponseStatus refusal(String authorization) {
    if (token == null) {
      return HttpResponseStatus.FORBIDDEN;
    }
    if (authorization == null
        || authorization.length() <= BEARER.length()
        || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return HttpResponseStatus.UNAUTHORIZED;
    }
    byte[] presented =
        authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
    // Compared in constant time: the answer's timing must not reveal a prefix of the token.
    return MessageDigest.isEqual(token, presented) ? null : HttpResponseStatus.UNAUTHORIZED;
  }

  /** The body of a refusal: a JSON object with an {@code error} message. */
  public String reason(HttpResponseStatus refusal) {
    if (token == null) {
      return "{\"error\":\"the admin token is not configured (admin.token): this page is"
          + " refused\"}\n";
    }
    return "{\"error\":\"this page needs the admin token as a bearer token"
        + " (Authorization: Bearer <admin.token>)\"}\n";
  }

  /** The JSON answer to a refused request; a 401 names the scheme it wants (RFC 6750 §3). */
  public FullHttpResponse refuse(HttpResponseStatus refusal, ByteBufAllocator alloc) {
    FullHttpResponse res = LocalAnswers.json(reason(refusal), alloc);
    res.setStatus(refusal);
    if (refusal.code() == 401) {
      res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"mcp-edge admin\"");
    }
    return res;
  }
}
