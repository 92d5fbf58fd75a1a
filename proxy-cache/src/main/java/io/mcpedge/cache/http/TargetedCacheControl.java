package io.mcpedge.cache.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Targeted cache control (RFC 9213): lets an origin tell this cache something other than what
 * browsers are told, in a field such as {@code CDN-Cache-Control}, while {@code Cache-Control} goes
 * to clients unchanged.
 *
 * <p>The cache's target list is ordered. For each response, the first field on the list that is
 * present with a valid, non-empty Dictionary value (RFC 9213 §2.1, RFC 8941 §4.2.2) replaces {@code
 * Cache-Control} and {@code Expires} for storage and freshness (§2.2); an empty or invalid one is
 * ignored as if absent. Without such a field, {@code Cache-Control} applies as usual.
 *
 * <p>One rule is not handed over to the targeted field: whether an answer to a request with
 * credentials may be shared (RFC 9111 §3.5). Only {@code Cache-Control}'s {@code public}, {@code
 * s-maxage} or {@code must-revalidate} consent to it, because that field is what every shared cache
 * on the way sees; a targeted {@code public} alone does not, and a targeted {@code private} refuses
 * a shared entry like {@code Cache-Control: private} does.
 */
public final class TargetedCacheControl {

  /** RFC 9213 §3: the field for every CDN; it passes on to clients and caches further down. */
  public static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";

  private final List<String> fields;
  private final List<String> hidden;

  /** {@code fields}: the target list, first present wins; empty follows Cache-Control only. */
  public TargetedCacheControl(List<String> fields) {
    this.fields = List.copyOf(fields);
    List<String> h = new ArrayList<>();
    for (String f : this.fields) {
      if (!f.equalsIgnoreCase(CDN_CACHE_CONTROL)) {
        h.add(f);
      }
    }
    this.hidden = List.copyOf(h);
  }

  /** The target list, in order. */
  public List<String> fields() {
    return fields;
  }

  /**
   * The fields on the list that name this cache alone, removed from what clients get: everything
   * but {@code CDN-Cache-Control}, which addresses every CDN and is passed on, as CDNs do.
   */
  public List<String> hiddenFields() {
    return hidden;
  }

  /** The response directives this cache follows for {@code response}. */
  public CacheControl of(HeaderView response) {
    for (String name : fields) {
      List<String> lines = response.getAll(name);
      if (lines.isEmpty()) {
        continue;
      }
      CacheControl targeted = parse(lines);
      if (targeted != null) {
        targeted.credentialConsent = CacheControl.of(response).sharesAuthenticated();
        return targeted;
      }
    }
    return CacheControl.of(response);
  }

  /** The directives of one targeted field, or {@code null} when it is empty or invalid (§2.1). */
  static CacheControl parse(List<String> lines) {
    Map<String, Object> members = StructuredDictionary.parse(lines);
    if (members == null || members.isEmpty()) {
      return null;
    }
    CacheControl cc = new CacheControl();
    cc.targeted = true;
    CacheControlParser parser = new CacheControlParser(cc);
    members.forEach(
        (name, value) -> {
          if (value == Boolean.FALSE) {
            return; // a directive set to false is not given
          }
          parser.directive(
              name.toLowerCase(Locale.ROOT), value == Boolean.TRUE ? null : value.toString());
        });
    return cc;
  }
}
