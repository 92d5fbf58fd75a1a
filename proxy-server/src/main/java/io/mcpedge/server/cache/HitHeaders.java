package io.mcpedge.server.cache;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The headers of one answer from the store: the entry's stored block, shared by every hit and never
 * written, followed by this answer's own fields (length, age, cache status, and whatever the
 * filters above add). A hit therefore does not copy the stored block; it is copied only when a
 * filter sets or removes a field the block holds, and from then on this is an ordinary header set.
 *
 * <p>Every read sees the stored fields first, then the added ones, as if they were one block in
 * that order. Touched by the exchange's event loop only, like any message.
 */
final class HitHeaders extends HttpHeaders {

  /** Added fields come from this code and from filters that validate what they add. */
  private static final HttpHeadersFactory TRUSTED =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  /** The entry's block, or {@code null} once copied into {@link #own}. */
  private HttpHeaders stored;

  private HttpHeaders own = TRUSTED.newHeaders();

  HitHeaders(HttpHeaders stored) {
    this.stored = stored;
  }

  /** Whether the stored block is still shared (no field of it was set or removed). */
  boolean sharesStored() {
    return stored != null;
  }

  private boolean inStored(CharSequence name) {
    return stored != null && stored.contains(name);
  }

  /** Before a stored field changes: from now on one header set, the stored fields first. */
  private void unshare() {
    if (stored == null) {
      return;
    }
    HttpHeaders all = TRUSTED.newHeaders();
    all.add(stored);
    all.add(own);
    stored = null;
    own = all;
  }

  // ---- reads: the stored block first, then the added fields ----

  @Override
  public String get(String name) {
    return get((CharSequence) name);
  }

  @Override
  public String get(CharSequence name) {
    String v = stored == null ? null : stored.get(name);
    return v != null ? v : own.get(name);
  }

  @Override
  public Integer getInt(CharSequence name) {
    return inStored(name) ? stored.getInt(name) : own.getInt(name);
  }

  @Override
  public int getInt(CharSequence name, int defaultValue) {
    return inStored(name) ? stored.getInt(name, defaultValue) : own.getInt(name, defaultValue);
  }

  @Override
  public Short getShort(CharSequence name) {
    return inStored(name) ? stored.getShort(name) : own.getShort(name);
  }

  @Override
  public short getShort(CharSequence name, short defaultValue) {
    return inStored(name) ? stored.getShort(name, defaultValue) : own.getShort(name, defaultValue);
  }

  @Override
  public Long getTimeMillis(CharSequence name) {
    return inStored(name) ? stored.getTimeMillis(name) : own.getTimeMillis(name);
  }

  @Override
  public long getTimeMillis(CharSequence name, long defaultValue) {
    return inStored(name)
        ? stored.getTimeMillis(name, defaultValue)
        : own.getTimeMillis(name, defaultValue);
  }

  @Override
  public List<String> getAll(String name) {
    return getAll((CharSequence) name);
  }

  @Override
  public List<String> getAll(CharSequence name) {
    if (!inStored(name)) {
      return own.getAll(name);
    }
    if (!own.contains(name)) {
      return stored.getAll(name);
    }
    List<String> all = new ArrayList<>(stored.getAll(name));
    all.addAll(own.getAll(name));
    return all;
  }

  @Override
  public Iterator<String> valueStringIterator(CharSequence name) {
    return getAll(name).iterator();
  }

  @Override
  public Iterator<? extends CharSequence> valueCharSequenceIterator(CharSequence name) {
    if (!inStored(name)) {
      return own.valueCharSequenceIterator(name);
    }
    if (!own.contains(name)) {
      return stored.valueCharSequenceIterator(name);
    }
    // Netty's iterator runs from the last value added to the first: the added fields come first.
    return new Concat<CharSequence>(
        own.valueCharSequenceIterator(name), stored.valueCharSequenceIterator(name));
  }

  @Override
  public List<Map.Entry<String, String>> entries() {
    if (stored == null) {
      return own.entries();
    }
    List<Map.Entry<String, String>> all = new ArrayList<>(stored.entries());
    all.addAll(own.entries());
    return all;
  }

  @Override
  public boolean contains(String name) {
    return contains((CharSequence) name);
  }

  @Override
  public boolean contains(CharSequence name) {
    return inStored(name) || own.contains(name);
  }

  @Override
  public boolean contains(String name, String value, boolean ignoreCase) {
    return contains((CharSequence) name, value, ignoreCase);
  }

  @Override
  public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
    return (stored != null && stored.contains(name, value, ignoreCase))
        || own.contains(name, value, ignoreCase);
  }

  @Override
  public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
    return (stored != null && stored.containsValue(name, value, ignoreCase))
        || own.containsValue(name, value, ignoreCase);
  }

  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    return stored == null ? own.iterator() : new Concat<>(stored.iterator(), own.iterator());
  }

  @Override
  public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
    return stored == null
        ? own.iteratorCharSequence()
        : new Concat<>(stored.iteratorCharSequence(), own.iteratorCharSequence());
  }

  @Override
  public boolean isEmpty() {
    return (stored == null || stored.isEmpty()) && own.isEmpty();
  }

  @Override
  public int size() {
    return (stored == null ? 0 : stored.size()) + own.size();
  }

  @Override
  public Set<String> names() {
    if (stored == null) {
      return own.names();
    }
    Set<String> names = new LinkedHashSet<>(stored.names());
    names.addAll(own.names());
    return names;
  }

  // ---- writes: added fields go after the block; a stored field changes only in a copy ----

  @Override
  public HttpHeaders add(String name, Object value) {
    own.add(name, value);
    return this;
  }

  @Override
  public HttpHeaders add(CharSequence name, Object value) {
    own.add(name, value);
    return this;
  }

  @Override
  public HttpHeaders add(String name, Iterable<?> values) {
    own.add(name, values);
    return this;
  }

  @Override
  public HttpHeaders add(CharSequence name, Iterable<?> values) {
    own.add(name, values);
    return this;
  }

  @Override
  public HttpHeaders addInt(CharSequence name, int value) {
    own.addInt(name, value);
    return this;
  }

  @Override
  public HttpHeaders addShort(CharSequence name, short value) {
    own.addShort(name, value);
    return this;
  }

  @Override
  public HttpHeaders set(String name, Object value) {
    return set((CharSequence) name, value);
  }

  @Override
  public HttpHeaders set(CharSequence name, Object value) {
    if (inStored(name)) {
      unshare();
    }
    own.set(name, value);
    return this;
  }

  @Override
  public HttpHeaders set(String name, Iterable<?> values) {
    return set((CharSequence) name, values);
  }

  @Override
  public HttpHeaders set(CharSequence name, Iterable<?> values) {
    if (inStored(name)) {
      unshare();
    }
    own.set(name, values);
    return this;
  }

  @Override
  public HttpHeaders setInt(CharSequence name, int value) {
    if (inStored(name)) {
      unshare();
    }
    own.setInt(name, value);
    return this;
  }

  @Override
  public HttpHeaders setShort(CharSequence name, short value) {
    if (inStored(name)) {
      unshare();
    }
    own.setShort(name, value);
    return this;
  }

  @Override
  public HttpHeaders remove(String name) {
    return remove((CharSequence) name);
  }

  @Override
  public HttpHeaders remove(CharSequence name) {
    if (inStored(name)) {
      unshare();
    }
    own.remove(name);
    return this;
  }

  @Override
  public HttpHeaders clear() {
    stored = null;
    own.clear();
    return this;
  }

  @Override
  public HttpHeaders copy() {
    HttpHeaders copy = TRUSTED.newHeaders();
    if (stored != null) {
      copy.add(stored);
    }
    return copy.add(own);
  }

  /** One iterator after another. */
  private static final class Concat<T> implements Iterator<T> {
    private Iterator<? extends T> current;
    private Iterator<? extends T> next;

    Concat(Iterator<? extends T> first, Iterator<? extends T> second) {
      this.current = first;
      this.next = second;
    }

    @Override
    public boolean hasNext() {
      if (current.hasNext()) {
        return true;
      }
      if (next == null) {
        return false;
      }
      current = next;
      next = null;
      return current.hasNext();
    }

    @Override
    public T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return current.next();
    }
  }
}
