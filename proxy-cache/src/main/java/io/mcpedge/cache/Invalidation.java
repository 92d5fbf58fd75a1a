package io.mcpedge.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which stored URIs an unsafe request invalidates (RFC 9111 §4.4).
 *
 * <p>A non-error answer (2xx, 3xx) to an unsafe method invalidates the target URI, and the URIs in
 * {@code Location} and {@code Content-Location} when they have the same origin, so that a cache
 * cannot be used to invalidate another site's entries.
 */
public final class Invalidation {

  private Invalidation() {}

  /** RFC 9110 §9.2.1 safe methods never invalidate. */
  public static boolean isSafe(String method) {
    return switch (method) {
      case "GET", "HEAD", "OPTIONS", "TRACE" -> true;
      default -> false;
    };
  }

  /**
   * The normalised URIs to invalidate after {@code request} was answered with {@code status};
   * {@code location} and {@code contentLocation} may be {@code null}.
   */
  public static List<String> targets(
      CacheRequest request, int status, String location, String contentLocation) {
    if (isSafe(request.method()) || status < 200 || status >= 400) {
      return List.of();
    }
    String target =
        UriNormaliser.normalise(request.scheme(), request.authority(), request.target());
    List<String> out = new ArrayList<>(3);
    out.add(target);
    addSameOrigin(out, target, location);
    addSameOrigin(out, target, contentLocation);
    return out;
  }

  private static void addSameOrigin(List<String> out, String base, String reference) {
    if (reference == null || reference.isBlank()) {
      return;
    }
    try {
      URI resolved = new URI(base).resolve(new URI(reference.trim()));
      if (resolved.getScheme() == null || resolved.getRawAuthority() == null) {
        return;
      }
      String target =
          resolved.getRawPath() == null || resolved.getRawPath().isEmpty()
              ? "/"
              : resolved.getRawPath();
      if (resolved.getRawQuery() != null) {
        target += "?" + resolved.getRawQuery();
      }
      String uri =
          UriNormaliser.normalise(resolved.getScheme(), resolved.getRawAuthority(), target);
      if (origin(uri).equals(origin(base)) && !out.contains(uri)) {
        out.add(uri);
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // An unparseable reference names nothing we could have stored.
    }
  }

  private static String origin(String uri) {
    int slash = uri.indexOf('/', uri.indexOf("://") + 3);
    return slash < 0 ? uri : uri.substring(0, slash);
  }
}
