package io.mcpedge.server.cache;

import io.mcpedge.cache.http.HeaderView;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The cache engine's read-only {@link HeaderView} over Netty's {@link HttpHeaders}, so that a
 * lookup reads the codec's own header object instead of a copy of every header of every request.
 */
final class NettyHeaderView implements HeaderView {

  private final HttpHeaders headers;

  NettyHeaderView(HttpHeaders headers) {
    this.headers = headers;
  }

  @Override
  public String get(CharSequence name) {
    return headers.get(name);
  }

  @Override
  public List<String> getAll(CharSequence name) {
    return headers.getAll(name);
  }

  @Override
  public boolean contains(CharSequence name) {
    return headers.contains(name);
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
