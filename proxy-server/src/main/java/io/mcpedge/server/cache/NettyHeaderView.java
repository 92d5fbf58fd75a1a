package io.mcpedge.server.cache;

import io.mcpedge.cache.http.HeaderView;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The cache engine's read-only {@link HeaderView} over Netty's {@link HttpHeaders}, so that a
 * lookup reads the codec's own header object instead of a copy of every header of every request.
 * The policies read the {@link io.mcpedge.core.credential.Credential credential} through it too.
 */
public final class NettyHeaderView implements HeaderView {

  /**
   * Netty's constants for the names the engine asks for, keyed by the engine's own (interned)
   * string literals: a header map hashes a {@code String} name on every lookup, case-insensitively,
   * while an {@link AsciiString} keeps its hash. The map is an identity map, so finding the
   * constant costs neither hashing nor comparing characters. The configured credential header is
   * interned too ({@code Credential}); any other name (a {@code Vary} field, say) is looked up as
   * given. Each hit looks up about ten names.
   */
  private static final Map<String, AsciiString> KNOWN =
      constants(
          HttpHeaderNames.ACCEPT,
          HttpHeaderNames.ACCEPT_ENCODING,
          HttpHeaderNames.ACCEPT_LANGUAGE,
          HttpHeaderNames.AGE,
          HttpHeaderNames.AUTHORIZATION,
          HttpHeaderNames.CACHE_CONTROL,
          HttpHeaderNames.CONNECTION,
          HttpHeaderNames.CONTENT_LENGTH,
          HttpHeaderNames.CONTENT_LOCATION,
          HttpHeaderNames.CONTENT_TYPE,
          HttpHeaderNames.COOKIE,
          HttpHeaderNames.DATE,
          HttpHeaderNames.ETAG,
          HttpHeaderNames.EXPIRES,
          HttpHeaderNames.IF_MATCH,
          HttpHeaderNames.IF_MODIFIED_SINCE,
          HttpHeaderNames.IF_NONE_MATCH,
          HttpHeaderNames.IF_RANGE,
          HttpHeaderNames.IF_UNMODIFIED_SINCE,
          HttpHeaderNames.LAST_MODIFIED,
          HttpHeaderNames.LOCATION,
          HttpHeaderNames.ORIGIN,
          HttpHeaderNames.PRAGMA,
          HttpHeaderNames.RANGE,
          HttpHeaderNames.SET_COOKIE,
          HttpHeaderNames.VARY);

  private final HttpHeaders headers;

  public NettyHeaderView(HttpHeaders headers) {
    this.headers = headers;
  }

  @Override
  public String get(CharSequence name) {
    return headers.get(known(name));
  }

  @Override
  public List<String> getAll(CharSequence name) {
    return headers.getAll(known(name));
  }

  @Override
  public boolean contains(CharSequence name) {
    return headers.contains(known(name));
  }

  /** {@code name}, or the equal constant with its hash kept. */
  static CharSequence known(CharSequence name) {
    if (name instanceof String s) {
      AsciiString c = KNOWN.get(s);
      if (c != null) {
        return c;
      }
    }
    return name;
  }

  private static Map<String, AsciiString> constants(AsciiString... names) {
    Map<String, AsciiString> m = new IdentityHashMap<>();
    for (AsciiString n : names) {
      m.put(n.toString().intern(), n); // the literals of the engine are interned too
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public void forEach(BiConsumer<String, String> action) {
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      action.accept(e.getKey().toString(), e.getValue().toString());
    }
  }
}
