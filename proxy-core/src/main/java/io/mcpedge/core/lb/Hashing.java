package io.mcpedge.core.lb;

/**
 * The 64-bit hash of the consistent-hash ring: FNV-1a over the UTF-16 code units, followed by the
 * SplitMix64 finalizer so that similar keys (addresses differing in one digit) land far apart. It
 * is computed without allocating, over any {@link CharSequence}, and is stable across processes and
 * releases, so replicas of the proxy agree on where a key belongs.
 */
public final class Hashing {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long GOLDEN = 0x9e3779b97f4a7c15L;

  private Hashing() {}

  /** The hash of a key. */
  public static long hash(CharSequence key) {
    return mix(fnv(key));
  }

  /** The hash of the {@code replica}-th point of the endpoint named {@code id}. */
  static long point(CharSequence id, int replica) {
    return mix(fnv(id) + GOLDEN * (replica + 1L));
  }

  private static long fnv(CharSequence key) {
    long h = FNV_OFFSET;
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      h = (h ^ (c & 0xff)) * FNV_PRIME;
      h = (h ^ (c >>> 8)) * FNV_PRIME;
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
