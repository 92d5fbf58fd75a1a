package io.mcpedge.server.admin;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks the {@code admin.token} bearer token that purges require. Without a configured token every
 * purge is refused: an open purge endpoint would let anybody empty the cache.
 */
public final class AdminToken {

  private static final String BEARER = "bearer ";

  private final byte[] token;

  public AdminToken(String token) {
    this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code null} when {@code authorization} carries the token; otherwise the refusal: 403 when no
   * token is configured or the token is wrong, 401 when none was presented.
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
    return MessageDigest.isEqual(token, presented) ? null : HttpResponseStatus.FORBIDDEN;
  }

  /** The body of a refusal. */
  public String reason(HttpResponseStatus refusal) {
    if (token == null) {
      return "403 Forbidden: purge is disabled (no admin.token configured)\n";
    }
    return refusal.code() == 401
        ? "401 Unauthorized: purge needs the admin token as a bearer token\n"
        : "403 Forbidden: wrong admin token\n";
  }
}
