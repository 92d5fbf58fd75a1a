package io.mcpedge.server.policy;

import io.mcpedge.server.codec.HeaderNames;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.ForwardingSink;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Removes hop-by-hop headers in both directions (RFC 9110 §7.6.1), overwrites {@code
 * X-Forwarded-For}, {@code -Proto} and {@code -Host} from the real connection, and adds {@code Via}
 * (RFC 9110 §7.6.3). Client-supplied forwarding headers are never trusted, except the {@code
 * X-Forwarded-For} of a peer in {@code server.trustedProxies}, which is extended with the peer's
 * address ({@link Exchange#forwardedFor}).
 *
 * <p>{@code Transfer-Encoding} is framing, not content: the codecs decode it on the way in and the
 * downstream end chooses the framing of what it sends. {@code Upgrade} is removed here, except in
 * the chain of a WebSocket handshake (see {@link #passUpgrade}).
 */
public final class HeaderHygieneFilter implements ExchangeFilter {

  private final AsciiString responseVia;
  private final boolean passUpgrade;

  /**
   * @param upstreamHttp2 whether the route's upstream speaks HTTP/2 (for the response's {@code
   *     Via})
   * @param passUpgrade keep {@code Upgrade}/{@code Connection: upgrade} (WebSocket handshakes)
   */
  public HeaderHygieneFilter(boolean upstreamHttp2, boolean passUpgrade) {
    this.responseVia = upstreamHttp2 ? HeaderNames.VIA_H2 : HeaderNames.VIA_H1;
    this.passUpgrade = passUpgrade;
  }

  /** The trailers of a message whose head had no {@code Connection} field. */
  private static final Consumer<HttpHeaders> TRAILERS = t -> forwardTrailers(t, null);

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    HttpRequest req = ex.request();
    HttpHeaders h = req.headers();
    int present = connectionFields(h);
    List<String> nominated =
        (present & CONNECTION) != 0 ? h.getAll(HttpHeaderNames.CONNECTION) : null;
    ex.body().filterTrailers(nominated == null ? TRAILERS : t -> forwardTrailers(t, nominated));
    forwardRequest(h, ex.forwardedFor(), ex.protocol(), passUpgrade, present);
    req.setProtocolVersion(HttpVersion.HTTP_1_1);
    next.proceed(ex, new ResponseHygiene(sink, responseVia, passUpgrade));
  }

  /**
   * The request half: hop-by-hop removal, {@code TE}, the forwarding headers and {@code Via} (whose
   * protocol is the one the client spoke). The entry point of {@code HeaderHandlingBenchmark}.
   */
  static void forwardRequest(
      HttpHeaders h, CharSequence client, Exchange.Protocol protocol, boolean passUpgrade) {
    forwardRequest(h, client, protocol, passUpgrade, connectionFields(h));
  }

  private static void forwardRequest(
      HttpHeaders h,
      CharSequence client,
      Exchange.Protocol protocol,
      boolean passUpgrade,
      int present) {
    stripHopByHop(h, passUpgrade, present);
    // RFC 9110 §10.1.4: only "trailers" may cross; HTTP/2 allows nothing else (RFC 9113 §8.2.2).
    String te = (present & TE) != 0 ? h.get(HttpHeaderNames.TE) : null;
    if (te != null) {
      h.remove(HttpHeaderNames.TE);
      if (containsToken(te, HttpHeaderValues.TRAILERS)) {
        h.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
      }
    }
    if (client != null) {
      h.set(HeaderNames.X_FORWARDED_FOR, client);
    } else {
      h.remove(HeaderNames.X_FORWARDED_FOR);
    }
    h.set(HeaderNames.X_FORWARDED_PROTO, HeaderNames.HTTP);
    String host = h.get(HttpHeaderNames.HOST);
    if (host != null) {
      h.set(HeaderNames.X_FORWARDED_HOST, host);
    } else {
      h.remove(HeaderNames.X_FORWARDED_HOST);
    }
    h.add(
        HttpHeaderNames.VIA,
        protocol == Exchange.Protocol.HTTP_2 ? HeaderNames.VIA_H2 : HeaderNames.VIA_H1);
  }

  /** The response half: the same removals, plus {@code Via}. */
  static void forwardResponse(HttpHeaders h, boolean keepUpgrade, AsciiString via) {
    forwardResponse(h, keepUpgrade, via, connectionFields(h));
  }

  private static void forwardResponse(
      HttpHeaders h, boolean keepUpgrade, AsciiString via, int present) {
    stripHopByHop(h, keepUpgrade, present);
    if ((present & TE) != 0) {
      h.remove(HttpHeaderNames.TE);
    }
    if ((present & TRANSFER_ENCODING) != 0) {
      h.remove(HttpHeaderNames.TRANSFER_ENCODING);
    }
    h.add(HttpHeaderNames.VIA, via);
  }

  /**
   * The trailer section of a message (RFC 9110 §7.6.1: an intermediary removes the fields that
   * {@code Connection} nominates, "header or trailer" fields alike): its own connection-specific
   * fields, {@code TE} and {@code Transfer-Encoding}, the fields its head's {@code Connection}
   * nominated, and the fields that must not be taken from a trailer section ({@link
   * #NOT_IN_TRAILERS}).
   *
   * @param nominated the values of the head's {@code Connection} fields, or {@code null}
   */
  static void forwardTrailers(HttpHeaders t, List<String> nominated) {
    if (t.isEmpty()) {
      return; // also the shared immutable empty section
    }
    if (nominated != null) {
      for (String value : nominated) {
        removeNominated(t, value, false);
      }
    }
    int present = connectionFields(t);
    stripHopByHop(t, false, present);
    if ((present & TE) != 0) {
      t.remove(HttpHeaderNames.TE);
    }
    if ((present & TRANSFER_ENCODING) != 0) {
      t.remove(HttpHeaderNames.TRANSFER_ENCODING);
    }
    for (AsciiString name : NOT_IN_TRAILERS) {
      t.remove(name);
    }
    EdgeSecurityFilter.strip(t);
  }

  /**
   * Fields that frame, route, authenticate or control a message (RFC 9110 §6.5.1): they are read
   * before the content, so a recipient that merged them from a trailer section would act on values
   * the proxy never checked. They are dropped from trailer sections, as are the fields {@link
   * EdgeSecurityFilter} drops from heads.
   */
  private static final AsciiString[] NOT_IN_TRAILERS = {
    HttpHeaderNames.HOST,
    HttpHeaderNames.CONTENT_LENGTH,
    HttpHeaderNames.CONTENT_TYPE,
    HttpHeaderNames.CONTENT_ENCODING,
    HttpHeaderNames.CONTENT_RANGE,
    HttpHeaderNames.TRAILER,
    HttpHeaderNames.RANGE,
    HttpHeaderNames.EXPECT,
    HttpHeaderNames.MAX_FORWARDS,
    HttpHeaderNames.AUTHORIZATION,
    HttpHeaderNames.PROXY_AUTHORIZATION,
    HttpHeaderNames.COOKIE,
    HttpHeaderNames.SET_COOKIE,
    HttpHeaderNames.CACHE_CONTROL,
    HttpHeaderNames.LOCATION,
  };

  /** Removes the connection-specific headers of one message (RFC 9110 §7.6.1). */
  static void stripHopByHop(HttpHeaders h, boolean keepUpgrade) {
    stripHopByHop(h, keepUpgrade, connectionFields(h));
  }

  /**
   * The removals of one message, given which of the connection-specific fields it carries: most
   * messages carry one or none of the dozen names, and one pass over the fields to find out costs
   * less than a hashed removal of each name.
   */
  private static void stripHopByHop(HttpHeaders h, boolean keepUpgrade, int present) {
    boolean upgrade = false;
    if ((present & CONNECTION) != 0) {
      Iterator<? extends CharSequence> values =
          h.valueCharSequenceIterator(HttpHeaderNames.CONNECTION);
      while (values.hasNext()) {
        upgrade |= removeNominated(h, values.next(), keepUpgrade);
      }
      h.remove(HttpHeaderNames.CONNECTION);
    }
    if ((present & KEEP_ALIVE) != 0) {
      h.remove(HttpHeaderNames.KEEP_ALIVE);
    }
    if ((present & PROXY_CONNECTION) != 0) {
      h.remove(HeaderNames.PROXY_CONNECTION);
    }
    if (upgrade) {
      h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    } else if ((present & UPGRADE) != 0) {
      h.remove(HttpHeaderNames.UPGRADE);
    }
    if ((present & EXTENSION) != 0) {
      for (AsciiString ext : HeaderNames.HTTP2_EXTENSIONS) {
        h.remove(ext);
      }
    }
  }

  // The connection-specific fields, as bits of what connectionFields finds.
  private static final int CONNECTION = 1;
  private static final int KEEP_ALIVE = 1 << 1;
  private static final int PROXY_CONNECTION = 1 << 2;
  private static final int UPGRADE = 1 << 3;
  private static final int TE = 1 << 4;
  private static final int TRANSFER_ENCODING = 1 << 5;
  private static final int EXTENSION = 1 << 6; // HttpConversionUtil's x-http2-* names
  private static final AsciiString EXTENSION_PREFIX = AsciiString.cached("x-http2-");

  /** Which of the connection-specific fields {@code h} carries, in one pass over its names. */
  static int connectionFields(HttpHeaders h) {
    int present = 0;
    Iterator<Map.Entry<CharSequence, CharSequence>> fields = h.iteratorCharSequence();
    while (fields.hasNext()) {
      present |= connectionField(fields.next().getKey());
    }
    return present;
  }

  private static int connectionField(CharSequence name) {
    int len = name.length();
    if (len > EXTENSION_PREFIX.length()
        && AsciiString.regionMatches(
            name, true, 0, EXTENSION_PREFIX, 0, EXTENSION_PREFIX.length())) {
      return EXTENSION;
    }
    switch (len) {
      case 2:
        return is(name, HttpHeaderNames.TE) ? TE : 0;
      case 7:
        return is(name, HttpHeaderNames.UPGRADE) ? UPGRADE : 0;
      case 10:
        return is(name, HttpHeaderNames.CONNECTION)
            ? CONNECTION
            : is(name, HttpHeaderNames.KEEP_ALIVE) ? KEEP_ALIVE : 0;
      case 16:
        return is(name, HeaderNames.PROXY_CONNECTION) ? PROXY_CONNECTION : 0;
      case 17:
        return is(name, HttpHeaderNames.TRANSFER_ENCODING) ? TRANSFER_ENCODING : 0;
      default:
        return 0;
    }
  }

  private static boolean is(CharSequence name, AsciiString known) {
    return AsciiString.contentEqualsIgnoreCase(name, known);
  }

  /**
   * Removes the fields one {@code Connection} value names, scanning it in place; returns whether it
   * names {@code upgrade} and that is to be kept. {@code keep-alive} and {@code close}, nearly
   * every value, cost no allocation.
   */
  private static boolean removeNominated(HttpHeaders h, CharSequence value, boolean keepUpgrade) {
    boolean upgrade = false;
    int len = value.length();
    int start = 0;
    while (start < len) {
      int end = start;
      while (end < len && value.charAt(end) != ',') {
        end++;
      }
      int s = start;
      int e = end;
      while (s < e && isBlank(value.charAt(s))) {
        s++;
      }
      while (e > s && isBlank(value.charAt(e - 1))) {
        e--;
      }
      if (s < e) {
        if (keepUpgrade && tokenIs(value, s, e, HttpHeaderValues.UPGRADE)) {
          upgrade = true;
        } else if (tokenIs(value, s, e, HttpHeaderValues.KEEP_ALIVE)) {
          h.remove(HttpHeaderNames.KEEP_ALIVE);
        } else if (tokenIs(value, s, e, HttpHeaderValues.CLOSE)) {
          h.remove(HttpHeaderValues.CLOSE);
        } else if (!tokenIs(value, s, e, HttpHeaderNames.TE)) {
          h.remove(value.subSequence(s, e).toString());
        }
      }
      start = end + 1;
    }
    return upgrade;
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static boolean tokenIs(CharSequence value, int start, int end, AsciiString token) {
    return end - start == token.length()
        && AsciiString.regionMatches(value, true, start, token, 0, token.length());
  }

  private static boolean containsToken(String list, AsciiString token) {
    int start = 0;
    while (start < list.length()) {
      int comma = list.indexOf(',', start);
      int end = comma < 0 ? list.length() : comma;
      String t = list.substring(start, end).trim();
      int semi = t.indexOf(';');
      if (token.contentEqualsIgnoreCase(semi < 0 ? t : t.substring(0, semi).trim())) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  /** The response half: the same removals, plus {@code Via}. */
  private static final class ResponseHygiene extends ForwardingSink {
    private final AsciiString via;
    private final boolean passUpgrade;
    private List<String> nominated; // the head's Connection values, for the trailers

    ResponseHygiene(ResponseSink next, AsciiString via, boolean passUpgrade) {
      super(next);
      this.via = via;
      this.passUpgrade = passUpgrade;
    }

    /** An interim answer is a message of its own: the same removals and {@code Via} apply. */
    @Override
    public void onInterim(HttpResponse interim) {
      forwardResponse(interim.headers(), false, via);
      next.onInterim(interim);
    }

    @Override
    public void onHead(HttpResponse head) {
      HttpHeaders h = head.headers();
      int present = connectionFields(h);
      if ((present & CONNECTION) != 0) {
        nominated = h.getAll(HttpHeaderNames.CONNECTION);
      }
      forwardResponse(
          h,
          passUpgrade && head.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code(),
          via,
          present);
      next.onHead(head);
    }

    @Override
    public void onContent(HttpContent chunk) {
      if (chunk instanceof LastHttpContent last) {
        forwardTrailers(last.trailingHeaders(), nominated);
      }
      next.onContent(chunk);
    }
  }
}
