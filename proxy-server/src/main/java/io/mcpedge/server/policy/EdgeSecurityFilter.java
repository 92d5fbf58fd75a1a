package io.mcpedge.server.policy;

import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Drops request headers that the gateway trusts as set by itself or its own edge: {@code
 * x-contextforge-*} and {@code X-Authenticated-User}. Behind a sidecar every client looks like
 * loopback to the gateway, so a client must never be able to send these through the proxy. Drops as
 * well every header a server or framework may read as the client's identity or original target when
 * a proxy sent it: {@code Forwarded} (RFC 7239), every {@code X-Forwarded-*} ({@link
 * HeaderHygieneFilter} then sets {@code -For}, {@code -Proto} and {@code -Host} from the real
 * connection), {@code X-Real-IP}, {@code True-Client-IP}, {@code X-Client-IP}, {@code
 * X-Cluster-Client-IP}, {@code X-Original-URL} and {@code X-Rewrite-URL}: this edge is the first
 * proxy, so none of them can be true. The one exception, the {@code X-Forwarded-For} of a peer in
 * {@code server.trustedProxies}, was read before the chain ran ({@link Exchange#trustForwarding}).
 * Near the head of every proxied route's chain (the order is {@code
 * io.mcpedge.server.route.RouteChains}'s).
 */
public final class EdgeSecurityFilter implements ExchangeFilter {

  private static final AsciiString PREFIX = AsciiString.cached("x-contextforge-");
  private static final AsciiString AUTHENTICATED_USER = AsciiString.cached("x-authenticated-user");
  private static final AsciiString FORWARDED_PREFIX = AsciiString.cached("x-forwarded-");
  private static final AsciiString[] IDENTITY = {
    AsciiString.cached("forwarded"),
    AsciiString.cached("x-real-ip"),
    AsciiString.cached("true-client-ip"),
    AsciiString.cached("x-client-ip"),
    AsciiString.cached("x-cluster-client-ip"),
    AsciiString.cached("x-original-url"),
    AsciiString.cached("x-rewrite-url"),
  };

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    strip(ex.request().headers());
    next.proceed(ex, sink);
  }

  /** Removes the untrusted headers; allocates nothing when there are none, the usual case. */
  static void strip(HttpHeaders headers) {
    List<CharSequence> doomed = null;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext()) {
      CharSequence name = it.next().getKey();
      if (untrusted(name)) {
        if (doomed == null) {
          doomed = new ArrayList<>(2);
        }
        doomed.add(name);
      }
    }
    if (doomed != null) {
      for (CharSequence name : doomed) {
        headers.remove(name);
      }
    }
  }

  private static boolean untrusted(CharSequence name) {
    if (AsciiString.contentEqualsIgnoreCase(name, AUTHENTICATED_USER)
        || startsWith(name, PREFIX)
        || startsWith(name, FORWARDED_PREFIX)) {
      return true;
    }
    for (AsciiString identity : IDENTITY) {
      if (AsciiString.contentEqualsIgnoreCase(name, identity)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWith(CharSequence name, AsciiString prefix) {
    return name.length() > prefix.length()
        && AsciiString.regionMatches(name, true, 0, prefix, 0, prefix.length());
  }
}
