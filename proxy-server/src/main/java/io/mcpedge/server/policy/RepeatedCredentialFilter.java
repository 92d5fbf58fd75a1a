package io.mcpedge.server.policy;

import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ProxyException;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.util.AsciiString;
import java.util.Iterator;

/**
 * Answers 400 to a request that carries the credential header ({@code cache.credentialHeader},
 * {@code Authorization} by default) more than once. The credential is a singleton field (RFC 9110
 * §5.3, §11.6.2): with two of them the edge keys its cache entries, rate-limit buckets and hashing
 * on the first, while a server behind it may authenticate with the last or with both joined, so one
 * client could be served or counted as another. Nothing downstream of this filter reads a repeated
 * credential. First in every route's chain (the order is {@code
 * io.mcpedge.server.route.RouteChains}'s); a request with one credential costs one lookup.
 */
public final class RepeatedCredentialFilter implements ExchangeFilter {

  private final AsciiString header;

  /**
   * @param header the credential header's name
   */
  public RepeatedCredentialFilter(String header) {
    this.header = AsciiString.of(header);
  }

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    if (repeated(ex)) {
      sink.onError(new ProxyException(Failure.REPEATED_CREDENTIAL, header.toString()));
      return;
    }
    next.proceed(ex, sink);
  }

  private boolean repeated(Exchange ex) {
    Iterator<? extends CharSequence> values =
        ex.request().headers().valueCharSequenceIterator(header);
    if (!values.hasNext()) {
      return false;
    }
    values.next();
    return values.hasNext();
  }
}
