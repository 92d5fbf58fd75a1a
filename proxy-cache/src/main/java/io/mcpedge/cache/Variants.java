package io.mcpedge.cache;

import io.mcpedge.cache.http.HeaderView;
import java.util.ArrayList;
import java.util.List;

/**
 * The immutable set of variants stored under one primary key (RFC 9111 §4.1).
 *
 * <p>Replaced as a whole on every change, so readers never lock. The number of variants is small
 * (one per distinct {@code Accept-Encoding} set, say); a bound keeps a hostile {@code Vary} from
 * growing one key without limit.
 */
final class Variants {

  static final int MAX_VARIANTS = 16;

  private final StoredResponse[] entries;
  private final long weight;
  private final long heapWeight;

  private Variants(StoredResponse[] entries) {
    this.entries = entries;
    long w = 64;
    long h = 64;
    for (StoredResponse e : entries) {
      w += e.weight();
      h += e.heapWeight();
    }
    this.weight = w;
    this.heapWeight = h;
  }

  static Variants of(StoredResponse entry) {
    return new Variants(new StoredResponse[] {entry});
  }

  /**
   * The variant selected by {@code request}; when several match, the most recent one (§4.1). {@code
   * null} when none does.
   */
  StoredResponse select(HeaderView request) {
    StoredResponse best = null;
    for (StoredResponse e : entries) {
      if (VaryKey.matches(e.varyNames(), e.varyValues(), request)
          && (best == null || e.timing().responseTime() > best.timing().responseTime())) {
        best = e;
      }
    }
    return best;
  }

  /** A set with {@code entry} added, replacing the variant it supersedes. */
  Variants with(StoredResponse entry) {
    List<StoredResponse> out = new ArrayList<>(entries.length + 1);
    for (StoredResponse e : entries) {
      if (!e.sameVariantAs(entry)) {
        out.add(e);
      }
    }
    while (out.size() >= MAX_VARIANTS) {
      out.remove(oldest(out));
    }
    out.add(entry);
    return new Variants(out.toArray(new StoredResponse[0]));
  }

  /** A set with {@code old} replaced by {@code updated}, or this set if {@code old} is gone. */
  Variants replace(StoredResponse old, StoredResponse updated) {
    for (int i = 0; i < entries.length; i++) {
      if (entries[i] == old) {
        StoredResponse[] copy = entries.clone();
        copy[i] = updated;
        return new Variants(copy);
      }
    }
    return this;
  }

  /** A set without {@code old}, or {@code null} when it would be empty. */
  Variants without(StoredResponse old) {
    List<StoredResponse> out = new ArrayList<>(entries.length);
    for (StoredResponse e : entries) {
      if (e != old) {
        out.add(e);
      }
    }
    return out.isEmpty() ? null : new Variants(out.toArray(new StoredResponse[0]));
  }

  /** How long the set is worth keeping: as long as its longest-lived variant. */
  long usefulFor(long now, long staleRetention) {
    long max = 0;
    for (StoredResponse e : entries) {
      max = Math.max(max, e.timing().usefulFor(now, staleRetention));
    }
    return max;
  }

  int size() {
    return entries.length;
  }

  long weight() {
    return weight;
  }

  /** The part of {@link #weight()} on the Java heap. */
  long heapWeight() {
    return heapWeight;
  }

  /** Whether {@code entry} itself (not an equal variant) is in this set. */
  boolean contains(StoredResponse entry) {
    for (StoredResponse e : entries) {
      if (e == entry) {
        return true;
      }
    }
    return false;
  }

  /** Gives back the store's reference of every entry of this set that {@code kept} lacks. */
  void releaseAbsentFrom(Variants kept) {
    for (StoredResponse e : entries) {
      if (kept == null || !kept.contains(e)) {
        e.body().release();
      }
    }
  }

  private static int oldest(List<StoredResponse> list) {
    int idx = 0;
    for (int i = 1; i < list.size(); i++) {
      if (list.get(i).timing().responseTime() < list.get(idx).timing().responseTime()) {
        idx = i;
      }
    }
    return idx;
  }
}
