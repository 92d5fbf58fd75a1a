package io.mcpedge.server.exchange;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Drops request headers that the gateway trusts as set by itself or its own edge: {@code
 * x-contextforge-*} and {@code X-Authenticated-User}. Behind a sidecar every client looks like
 * loopback to the gateway, so a client must never be able to send these through the proxy. First in
 * every proxied route's chain (see {@link FilterChain}).
 */
public final class EdgeSecurityFilter implements ExchangeFilter {

  private static final AsciiString PREFIX = AsciiString.cached("x-contextforge-");
  private static final AsciiString AUTHENTICATED_USER = AsciiString.cached("x-authenticated-user");

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
    return AsciiString.contentEqualsIgnoreCase(name, AUTHENTICATED_USER)
        || name.length() > PREFIX.length()
            && AsciiString.regionMatches(name, true, 0, PREFIX, 0, PREFIX.length());
  }
}
