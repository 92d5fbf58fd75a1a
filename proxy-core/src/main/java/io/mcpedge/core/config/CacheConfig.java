package io.mcpedge.core.config;

import java.time.Duration;
import java.util.List;

/**
 * The global {@code cache} section: the store's limits and what counts as a credential, for the
 * whole edge ({@link io.mcpedge.core.credential.Credential#of}: cache keys, rate limiting,
 * consistent hashing). Per-route behaviour is in {@link RouteCacheConfig}.
 *
 * @param maxSize total bytes of stored responses (headers and bodies); never exceeded
 * @param maxObjectSize responses larger than this are passed through and not stored
 * @param credentialHeader the request header that carries the credential (the gateway's {@code
 *     AUTH_HEADER_NAME}, default {@code Authorization})
 * @param credentialCookies cookie names that carry a credential ({@code jwt_token}, {@code
 *     access_token})
 * @param coalesceTimeout how long a request waits for another request's in-flight miss of the same
 *     key before going upstream itself
 * @param uncacheableMemory how long a key whose answer was uncacheable bypasses coalescing
 * @param directBodyMemory bytes of direct memory each I/O thread keeps for copies of the stored
 *     bodies it served last, so that hits are written without a copy (at most {@code maxSize} is
 *     used); 0 turns the copies off
 * @param targetedFields the targeted cache-control fields this cache follows (RFC 9213), in order
 *     of precedence: the first present with a valid value replaces {@code Cache-Control} and {@code
 *     Expires} for storage and freshness
 * @param storage where bodies are kept: on the heap, or in direct memory outside it
 */
public record CacheConfig(
    ByteSize maxSize,
    ByteSize maxObjectSize,
    String credentialHeader,
    List<String> credentialCookies,
    Duration coalesceTimeout,
    Duration uncacheableMemory,
    ByteSize directBodyMemory,
    List<String> targetedFields,
    CacheStorage storage) {

  /**
   * RFC 9213 §3: {@code CDN-Cache-Control} addresses every CDN, and the edge is one; a field for
   * this edge alone is added in front of it by configuration.
   */
  public static final List<String> DEFAULT_TARGETED_FIELDS = List.of("CDN-Cache-Control");

  public CacheConfig {
    credentialCookies = List.copyOf(credentialCookies);
    targetedFields = List.copyOf(targetedFields);
  }

  /** Bodies on the heap ({@link CacheStorage#HEAP}). */
  public CacheConfig(
      ByteSize maxSize,
      ByteSize maxObjectSize,
      String credentialHeader,
      List<String> credentialCookies,
      Duration coalesceTimeout,
      Duration uncacheableMemory,
      ByteSize directBodyMemory,
      List<String> targetedFields) {
    this(
        maxSize,
        maxObjectSize,
        credentialHeader,
        credentialCookies,
        coalesceTimeout,
        uncacheableMemory,
        directBodyMemory,
        targetedFields,
        CacheStorage.HEAP);
  }

  /** The same section with bodies kept in {@code where}. */
  public CacheConfig withStorage(CacheStorage where) {
    return new CacheConfig(
        maxSize,
        maxObjectSize,
        credentialHeader,
        credentialCookies,
        coalesceTimeout,
        uncacheableMemory,
        directBodyMemory,
        targetedFields,
        where);
  }

  /** With the {@link #DEFAULT_TARGETED_FIELDS}. */
  public CacheConfig(
      ByteSize maxSize,
      ByteSize maxObjectSize,
      String credentialHeader,
      List<String> credentialCookies,
      Duration coalesceTimeout,
      Duration uncacheableMemory,
      ByteSize directBodyMemory) {
    this(
        maxSize,
        maxObjectSize,
        credentialHeader,
        credentialCookies,
        coalesceTimeout,
        uncacheableMemory,
        directBodyMemory,
        DEFAULT_TARGETED_FIELDS);
  }
}
