package io.mcpedge.cache;

import io.mcpedge.cache.http.CacheControl;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.cache.http.HeaderView;
import io.mcpedge.cache.http.TargetedCacheControl;
import io.mcpedge.core.config.CacheMode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Builds stored entries from received responses, and merges 304 headers into them. */
final class Entries {

  /** RFC 9111 §3.1 and RFC 9110 §7.6.1: never stored; plus per-delivery fields this cache adds. */
  static final Set<String> NOT_STORED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "transfer-encoding",
          "upgrade",
          "trailer",
          "proxy-authenticate",
          "proxy-authorization",
          "proxy-authentication-info",
          "content-length",
          "age",
          "x-cache");

  /** §3.2: fields a 304 or HEAD may not change in the stored response. */
  static final Set<String> NOT_UPDATED =
      Set.of("content-length", "content-range", "content-encoding", "transfer-encoding");

  private Entries() {}

  /** The headers to store: without hop-by-hop fields and those the Connection header names. */
  static Fields storable(HeaderView headers) {
    Set<String> drop = new HashSet<>(NOT_STORED);
    for (String line : headers.getAll("connection")) {
      for (String name : line.split(",")) {
        drop.add(name.trim().toLowerCase(Locale.ROOT));
      }
    }
    return Fields.copyOf(headers).without(drop);
  }

  /**
   * A new entry; {@code received} are the headers as received (their {@code Age} counts, §4.2.3),
   * {@code stored} those kept, {@code varyNames} the fields of its {@code Vary} it is keyed on.
   */
  static StoredResponse create(
      LookupResult lookup,
      TargetedCacheControl targeted,
      int status,
      HeaderView received,
      Fields stored,
      List<String> varyNames,
      Body body,
      long requestTime,
      long responseTime) {
    CacheControl cc = targeted.of(stored);
    Timing timing =
        Freshness.timing(lookup.route(), status, received, cc, requestTime, responseTime);
    String[] varyValues = VaryKey.values(varyNames, lookup.request().headers());
    return new StoredResponse(
        lookup.key(),
        status,
        stored,
        body,
        timing,
        varyNames,
        varyValues,
        servableWithCredentials(lookup, cc));
  }

  /**
   * RFC 9111 §3.2 / §4.3.4: every field of the update replaces the stored field of that name,
   * except those excluded from storage and those describing the stored body.
   */
  static Fields merge(Fields stored, HeaderView update) {
    Fields incoming = storable(update);
    Set<String> replaced = new HashSet<>();
    Fields.Builder b = Fields.builder();
    incoming.forEach(
        (n, v) -> {
          String lower = n.toLowerCase(Locale.ROOT);
          if (!NOT_UPDATED.contains(lower)) {
            replaced.add(lower);
          }
        });
    stored.forEach(
        (n, v) -> {
          if (!replaced.contains(n.toLowerCase(Locale.ROOT))) {
            b.add(n, v);
          }
        });
    incoming.forEach(
        (n, v) -> {
          if (replaced.contains(n.toLowerCase(Locale.ROOT))) {
            b.add(n, v);
          }
        });
    return b.build();
  }

  /** The entry with merged headers; timing uses the update's {@code Age}, if any (§4.2.3). */
  static StoredResponse updated(
      LookupResult lookup,
      TargetedCacheControl targeted,
      StoredResponse entry,
      Fields merged,
      HeaderView update,
      long requestTime,
      long responseTime) {
    CacheControl cc = targeted.of(merged);
    String age = update.get("age");
    HeaderView forTiming =
        age == null ? merged : new WithAge(merged, Fields.builder().add("Age", age).build());
    Timing timing =
        Freshness.timing(lookup.route(), entry.status(), forTiming, cc, requestTime, responseTime);
    return entry.withHeaders(merged, timing, servableWithCredentials(lookup, cc));
  }

  private static boolean servableWithCredentials(LookupResult lookup, CacheControl cc) {
    return lookup.route().mode() == CacheMode.RFC9111 && cc.sharesAuthenticated();
  }

  /** A view of stored headers plus the {@code Age} of the message that updated them. */
  private record WithAge(Fields merged, Fields age) implements HeaderView {
    @Override
    public String get(CharSequence name) {
      String v = age.get(name);
      return v != null ? v : merged.get(name);
    }

    @Override
    public List<String> getAll(CharSequence name) {
      List<String> v = age.getAll(name);
      return v.isEmpty() ? merged.getAll(name) : v;
    }

    @Override
    public void forEach(java.util.function.BiConsumer<String, String> action) {
      merged.forEach(action);
      age.forEach(action);
    }
  }
}
