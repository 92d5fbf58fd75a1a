package io.mcpedge.server.admin;

import io.mcpedge.cache.HttpCache;
import io.mcpedge.cache.InvalidationEvent.Ban;
import io.mcpedge.cache.InvalidationEvent.Prefix;
import io.mcpedge.cache.InvalidationEvent.Urls;
import io.mcpedge.cache.UriNormaliser;
import io.mcpedge.server.answer.LocalAnswers;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;

/**
 * The cache's admin endpoints. {@code POST /cache/purge} with exactly one query parameter: {@code
 * url=} (one absolute URL, every variant and credential scope), {@code prefix=} (every URL that
 * starts with an absolute URL prefix) or {@code regex=} (a ban: every stored URL in which the Java
 * regular expression is found). {@code GET /cache/stats} reports the store's size, its bound
 * ({@code maxSize}, or less once the heap guard lowered it) and the flights in the air. Both need
 * the admin token, which {@link AdminHandler} checks before it calls here.
 */
public final class CacheAdminEndpoint {

  public static final String PREFIX = "/cache/";

  private final HttpCache cache;

  public CacheAdminEndpoint(HttpCache cache) {
    this.cache = cache;
  }

  /** Answers a request whose path starts with {@link #PREFIX}. */
  public FullHttpResponse answer(FullHttpRequest req, ByteBufAllocator alloc) {
    QueryStringDecoder q = new QueryStringDecoder(req.uri());
    switch (q.path()) {
      case "/cache/stats":
        if (!HttpMethod.GET.equals(req.method())) {
          return text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET\n", alloc);
        }
        cache.store().cleanUp();
        return json(
            "{\"weightedSize\":"
                + cache.store().weightedSize()
                + ",\"maxSize\":"
                + cache.store().maximum()
                + ",\"keys\":"
                + cache.store().keyCount()
                + ",\"storing\":"
                + cache.inFlight().inUse()
                + ",\"inFlight\":"
                + cache.coalescer().inFlight()
                + ",\"waiting\":"
                + cache.coalescer().waiting()
                + "}\n",
            alloc);
      case "/cache/purge":
        if (!HttpMethod.POST.equals(req.method())) {
          return text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use POST\n", alloc);
        }
        return purge(q.parameters(), alloc);
      default:
        return text(HttpResponseStatus.NOT_FOUND, "404 Not Found\n", alloc);
    }
  }

  private FullHttpResponse purge(Map<String, List<String>> params, ByteBufAllocator alloc) {
    if (params.size() != 1 || params.values().iterator().next().size() != 1) {
      return text(
          HttpResponseStatus.BAD_REQUEST, "expected exactly one of url=, prefix=, regex=\n", alloc);
    }
    Map.Entry<String, List<String>> p = params.entrySet().iterator().next();
    String value = p.getValue().get(0);
    int removed;
    try {
      removed =
          switch (p.getKey()) {
            case "url" -> cache.invalidations().local(new Urls(List.of(normalise(value))));
            case "prefix" -> cache.invalidations().local(new Prefix(normalise(value)));
            case "regex" -> cache.invalidations().local(new Ban(value));
            default -> -1;
          };
    } catch (URISyntaxException | IllegalArgumentException e) {
      // PatternSyntaxException is an IllegalArgumentException
      return text(HttpResponseStatus.BAD_REQUEST, p.getKey() + ": " + e.getMessage() + "\n", alloc);
    }
    if (removed < 0) {
      return text(
          HttpResponseStatus.BAD_REQUEST,
          p.getKey() + ": unknown parameter (expected: url, prefix or regex)\n",
          alloc);
    }
    return json("{\"removed\":" + removed + "}\n", alloc);
  }

  /** An absolute http(s) URL (or URL prefix) in the form the store keys on. */
  static String normalise(String url) throws URISyntaxException {
    URI u = new URI(url);
    if (u.getScheme() == null || u.getRawAuthority() == null) {
      throw new URISyntaxException(url, "expected an absolute URL such as http://host/path");
    }
    String target = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    if (u.getRawQuery() != null) {
      target += "?" + u.getRawQuery();
    }
    return UriNormaliser.normalise(u.getScheme(), u.getRawAuthority(), target);
  }

  private static FullHttpResponse text(
      HttpResponseStatus status, String body, ByteBufAllocator alloc) {
    return LocalAnswers.text(status, body, alloc);
  }

  private static FullHttpResponse json(String body, ByteBufAllocator alloc) {
    return LocalAnswers.json(body, alloc);
  }
}
