package io.mcpedge.server.pipeline;

import io.mcpedge.core.config.EscapedSlashes;
import io.mcpedge.core.route.PathNormalizer;
import io.mcpedge.server.exchange.Failure;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;

/**
 * Checks a request's target and {@code Host} before anything routes on them, and rewrites the
 * request in place into the one form that routes, the cache key and the upstream all see: an
 * origin-form target with a normalised path (see {@link PathNormalizer}) and the authority in
 * {@code Host}. A target or authority that another server could read differently is refused rather
 * than forwarded, since a route that denies {@code /_internal} is only as good as the agreement on
 * what the path is.
 *
 * <ul>
 *   <li>RFC 9112 §3.2.2: an absolute-form target's authority replaces {@code Host}, and its path is
 *       normalised and forwarded in origin-form like any other.
 *   <li>RFC 9113 §8.3.1: an HTTP/2 {@code :path} starts with {@code /}, or is {@code *} for {@code
 *       OPTIONS}.
 *   <li>RFC 9112 §3.2: 400 for an HTTP/1.1 request without {@code Host}, with more than one, or
 *       with an invalid value (RFC 3986 §3.2.2 host, optional digits of port; no user info).
 *   <li>RFC 3986 §3.5, RFC 9112 §3.2: a target has no fragment, no control byte and no non-ASCII
 *       byte.
 *   <li>{@code CONNECT} opens a tunnel, and no route is one (a WebSocket's extended CONNECT has
 *       been rewritten into an upgrade before this runs): 405.
 * </ul>
 */
public final class RequestTarget {

  private RequestTarget() {}

  /**
   * Checks and rewrites {@code req}; returns {@code null} when it may be routed, or why not.
   *
   * @param http2 whether the request came on an HTTP/2 stream (its target is its {@code :path})
   */
  public static Failure check(HttpRequest req, boolean http2, EscapedSlashes escapedSlashes) {
    if (HttpMethod.CONNECT.equals(req.method())) {
      return Failure.NOT_A_TUNNEL;
    }
    String uri = req.uri();
    if (!isTargetText(uri)) {
      return Failure.BAD_TARGET;
    }
    if (!hasValidHost(req.headers(), http2, HttpVersion.HTTP_1_1.equals(req.protocolVersion()))) {
      return Failure.BAD_HOST;
    }
    String target = uri;
    if (uri.equals("*")) {
      return HttpMethod.OPTIONS.equals(req.method()) ? null : Failure.BAD_TARGET;
    } else if (uri.isEmpty() || uri.charAt(0) != '/') {
      int authorityStart = http2 ? -1 : authorityStart(uri);
      if (authorityStart < 0) {
        return Failure.BAD_TARGET;
      }
      int end = authorityStart;
      while (end < uri.length() && uri.charAt(end) != '/' && uri.charAt(end) != '?') {
        end++;
      }
      String authority = uri.substring(authorityStart, end);
      if (authority.isEmpty() || !isHost(authority)) {
        return Failure.BAD_HOST;
      }
      req.headers().set(HttpHeaderNames.HOST, authority);
      String rest = uri.substring(end);
      target = rest.isEmpty() ? "/" : rest.charAt(0) == '?' ? "/" + rest : rest;
    }
    return normalizePath(req, target, escapedSlashes);
  }

  private static Failure normalizePath(HttpRequest req, String target, EscapedSlashes mode) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String normal;
    try {
      normal = PathNormalizer.normalize(path, mode);
    } catch (PathNormalizer.InvalidPathException | PathNormalizer.EscapedSlashException e) {
      return Failure.BAD_PATH;
    }
    String rewritten = normal == path ? target : q < 0 ? normal : normal + target.substring(q);
    if (!rewritten.equals(req.uri())) {
      req.setUri(rewritten);
    }
    return null;
  }

  /** Visible ASCII without {@code #} (RFC 3986 §3.5: a fragment is never sent). */
  private static boolean isTargetText(String uri) {
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '#') {
        return false;
      }
    }
    return true;
  }

  /** Where the authority of an {@code http} or {@code https} absolute-form target starts, or -1. */
  private static int authorityStart(String uri) {
    if (uri.regionMatches(true, 0, "http://", 0, 7)) {
      return 7;
    }
    return uri.regionMatches(true, 0, "https://", 0, 8) ? 8 : -1;
  }

  /**
   * On HTTP/2 the stream codec turns {@code :authority} into {@code Host}, next to any {@code host}
   * field the client sent as well: RFC 9113 §8.3.1 allows both when they name the same authority.
   */
  private static boolean hasValidHost(HttpHeaders h, boolean http2, boolean http11) {
    List<String> hosts = h.getAll(HttpHeaderNames.HOST);
    if (hosts.size() > 1) {
      if (!http2 || hosts.stream().distinct().count() > 1) {
        return false;
      }
      h.set(HttpHeaderNames.HOST, hosts.get(0));
    }
    if (hosts.isEmpty()) {
      return http2 || !http11;
    }
    String host = hosts.get(0);
    return host.isEmpty() || isHost(host);
  }

  /**
   * RFC 3986 §3.2.2-3 {@code host [":" port]}: a bracketed IP literal or a reg-name (unreserved,
   * sub-delims, percent-escapes), then optional digits. No user info, no path, no white space.
   */
  static boolean isHost(String s) {
    int i = 0;
    int n = s.length();
    if (n > 0 && s.charAt(0) == '[') {
      int close = s.indexOf(']');
      if (close < 2) {
        return false;
      }
      for (i = 1; i < close; i++) {
        char c = s.charAt(i);
        if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
          return false;
        }
      }
      i = close + 1;
    } else {
      while (i < n && s.charAt(i) != ':') {
        char c = s.charAt(i);
        if (c == '%') {
          if (i + 2 >= n
              || Character.digit(s.charAt(i + 1), 16) < 0
              || Character.digit(s.charAt(i + 2), 16) < 0) {
            return false;
          }
          i += 2;
        } else if (!isRegNameChar(c)) {
          return false;
        }
        i++;
      }
    }
    if (i == n) {
      return true;
    }
    if (s.charAt(i) != ':' || n - i - 1 > 5) {
      return false;
    }
    for (i++; i < n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isRegNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "-._~!$&'()*+,;=".indexOf(c) >= 0;
  }
}
