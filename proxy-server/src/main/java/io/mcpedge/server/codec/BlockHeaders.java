package io.mcpedge.server.codec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A cache hit's headers on HTTP/1.1: the entry's {@link HeadBlock}, encoded once, followed by the
 * fields of this one answer (its {@code Content-Length}, {@code Age}, {@code X-Cache}, {@code
 * Cache-Status}, and whatever filters above the cache and the downstream end add).
 *
 * <p>It behaves as a header map holding the block's fields and then its own, in that order, as
 * {@code DefaultHttpHeaders} filled with both would (its own are a {@link CompactHttpHeaders}).
 * Reads of a block field's name are answered from the stored fields. The first change to one (a
 * filter's {@code set} or {@code remove}), and any read of the whole map, copies the block's fields
 * into the map in front of the others, so the answer is the one a full copy would have given; from
 * then on it is an ordinary map.
 *
 * <p>Once {@linkplain #onWire() marked for the wire} by the HTTP/1.1 end of the pipeline, {@link
 * #iteratorCharSequence()} yields the block as one entry (its {@link HeadBlock#lead() lead} as the
 * name, the last value as the value), which Netty's response encoder writes with one copy, then
 * this answer's fields. Until then it yields the block's fields one by one, as any reader expects.
 */
public final class BlockHeaders extends HttpHeaders {

  private static final DefaultHeaders.NameValidator<CharSequence> NOT_NULL =
      name -> {
        if (name == null) {
          throw new NullPointerException("name");
        }
      };
  private static final DefaultHeaders.ValueValidator<CharSequence> ANY_VALUE = value -> {};

  /** This answer's own fields, after the block's; all of them once the block is copied in. */
  private final HttpHeaders own = CompactHttpHeaders.factory(NOT_NULL, ANY_VALUE).newHeaders();

  /** The block's fields, until they are copied in; then {@code null}. */
  private HeadBlock block;

  private boolean onWire;

  /** Headers of a hit whose stored fields are {@code block}; the hit's own are added after. */
  public BlockHeaders(HeadBlock block) {
    // Not validated, as the hit's copy of the stored fields never was: its own are the proxy's.
    this.block = block.size() == 0 ? null : block;
  }

  /**
   * From now on the block is iterated as one pre-encoded entry: called by the HTTP/1.1 end of the
   * pipeline, after which only the encoder iterates the fields.
   */
  public void onWire() {
    onWire = true;
  }

  /** Whether the block is still apart from the map (tests). */
  boolean blockApart() {
    return block != null;
  }

  private boolean inBlock(CharSequence name) {
    return block != null && block.has(name);
  }

  /** Before a change to {@code name}: a block field is copied in with the rest of the block. */
  private void touch(CharSequence name) {
    if (inBlock(name)) {
      copyIn();
    }
  }

  /** The block's fields, then this answer's, as one ordinary map. */
  private void copyIn() {
    HeadBlock b = block;
    if (b == null) {
      return;
    }
    block = null;
    List<CharSequence> mine = new ArrayList<>(2 * own.size());
    Iterator<Map.Entry<CharSequence, CharSequence>> it = own.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      mine.add(e.getKey());
      mine.add(e.getValue());
    }
    own.clear();
    Iterator<Map.Entry<CharSequence, CharSequence>> stored = b.stored().iteratorCharSequence();
    while (stored.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = stored.next();
      if (b.has(e.getKey())) {
        own.add(e.getKey(), e.getValue());
      }
    }
    for (int i = 0; i < mine.size(); i += 2) {
      own.add(mine.get(i), mine.get(i + 1));
    }
  }

  /**
   * Writes the fields as HTTP/1.1 field lines, the block's as its one stored copy, then this
   * answer's: the bytes {@link #iteratorCharSequence()} would have Netty's encoder write.
   */
  void encodeTo(ByteBuf buf) {
    HeadBlock b = block;
    if (b != null) {
      b.writeTo(buf);
    }
    ((CompactHttpHeaders) own).encodeTo(buf);
  }

  @Override
  public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
    HeadBlock b = block;
    if (b == null) {
      return own.iteratorCharSequence();
    }
    if (onWire) {
      return new Concat(new Once(b.wire()), own.iteratorCharSequence());
    }
    return new Concat(new BlockFields(b), own.iteratorCharSequence());
  }

  // Changes: a block field's name copies the block in first.

  @Override
  public HttpHeaders add(String name, Object value) {
    touch(name);
    own.add(name, value);
    return this;
  }

  @Override
  public HttpHeaders add(CharSequence name, Object value) {
    touch(name);
    own.add(name, value);
    return this;
  }

  @Override
  public HttpHeaders add(String name, Iterable<?> values) {
    touch(name);
    own.add(name, values);
    return this;
  }

  @Override
  public HttpHeaders add(CharSequence name, Iterable<?> values) {
    touch(name);
    own.add(name, values);
    return this;
  }

  @Override
  public HttpHeaders addInt(CharSequence name, int value) {
    touch(name);
    own.addInt(name, value);
    return this;
  }

  @Override
  public HttpHeaders addShort(CharSequence name, short value) {
    touch(name);
    own.addShort(name, value);
    return this;
  }

  @Override
  public HttpHeaders set(String name, Object value) {
    touch(name);
    own.set(name, value);
    return this;
  }

  @Override
  public HttpHeaders set(CharSequence name, Object value) {
    touch(name);
    own.set(name, value);
    return this;
  }

  @Override
  public HttpHeaders set(String name, Iterable<?> values) {
    touch(name);
    own.set(name, values);
    return this;
  }

  @Override
  public HttpHeaders set(CharSequence name, Iterable<?> values) {
    touch(name);
    own.set(name, values);
    return this;
  }

  @Override
  public HttpHeaders setInt(CharSequence name, int value) {
    touch(name);
    own.setInt(name, value);
    return this;
  }

  @Override
  public HttpHeaders setShort(CharSequence name, short value) {
    touch(name);
    own.setShort(name, value);
    return this;
  }

  @Override
  public HttpHeaders remove(String name) {
    touch(name);
    own.remove(name);
    return this;
  }

  @Override
  public HttpHeaders remove(CharSequence name) {
    touch(name);
    own.remove(name);
    return this;
  }

  @Override
  public HttpHeaders add(HttpHeaders headers) {
    copyIn();
    own.add(headers);
    return this;
  }

  @Override
  public HttpHeaders set(HttpHeaders headers) {
    copyIn();
    own.set(headers);
    return this;
  }

  @Override
  public HttpHeaders clear() {
    block = null;
    own.clear();
    return this;
  }

  // Reads of one name: a block field's name is answered from the stored fields.

  @Override
  public String get(String name) {
    return inBlock(name) ? block.stored().get(name) : own.get(name);
  }

  @Override
  public String get(CharSequence name) {
    return inBlock(name) ? block.stored().get(name) : own.get(name);
  }

  @Override
  public Integer getInt(CharSequence name) {
    return inBlock(name) ? block.stored().getInt(name) : own.getInt(name);
  }

  @Override
  public int getInt(CharSequence name, int defaultValue) {
    return inBlock(name)
        ? block.stored().getInt(name, defaultValue)
        : own.getInt(name, defaultValue);
  }

  @Override
  public Short getShort(CharSequence name) {
    return inBlock(name) ? block.stored().getShort(name) : own.getShort(name);
  }

  @Override
  public short getShort(CharSequence name, short defaultValue) {
    return inBlock(name)
        ? block.stored().getShort(name, defaultValue)
        : own.getShort(name, defaultValue);
  }

  @Override
  public Long getTimeMillis(CharSequence name) {
    return inBlock(name) ? block.stored().getTimeMillis(name) : own.getTimeMillis(name);
  }

  @Override
  public long getTimeMillis(CharSequence name, long defaultValue) {
    return inBlock(name)
        ? block.stored().getTimeMillis(name, defaultValue)
        : own.getTimeMillis(name, defaultValue);
  }

  @Override
  public List<String> getAll(String name) {
    return inBlock(name) ? block.stored().getAll(name) : own.getAll(name);
  }

  @Override
  public List<String> getAll(CharSequence name) {
    return inBlock(name) ? block.stored().getAll(name) : own.getAll(name);
  }

  @Override
  public Iterator<String> valueStringIterator(CharSequence name) {
    return inBlock(name) ? block.stored().valueStringIterator(name) : own.valueStringIterator(name);
  }

  @Override
  public Iterator<? extends CharSequence> valueCharSequenceIterator(CharSequence name) {
    return inBlock(name)
        ? List.<CharSequence>copyOf(block.stored().getAll(name)).iterator()
        : own.valueCharSequenceIterator(name);
  }

  @Override
  public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
    return inBlock(name)
        ? block.stored().containsValue(name, value, ignoreCase)
        : own.containsValue(name, value, ignoreCase);
  }

  @Override
  public boolean contains(String name) {
    return inBlock(name) || own.contains(name);
  }

  @Override
  public boolean contains(CharSequence name) {
    return inBlock(name) || own.contains(name);
  }

  @Override
  public boolean contains(String name, String value, boolean ignoreCase) {
    return inBlock(name)
        ? block.stored().contains(name, value, ignoreCase)
        : own.contains(name, value, ignoreCase);
  }

  @Override
  public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
    return inBlock(name)
        ? block.stored().contains(name, value, ignoreCase)
        : own.contains(name, value, ignoreCase);
  }

  @Override
  public boolean isEmpty() {
    return block == null && own.isEmpty();
  }

  @Override
  public int size() {
    return (block == null ? 0 : block.size()) + own.size();
  }

  // Reads of the whole map: the block is copied in first.

  @Override
  public List<Map.Entry<String, String>> entries() {
    copyIn();
    return own.entries();
  }

  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    copyIn();
    return own.iterator();
  }

  @Override
  public Set<String> names() {
    copyIn();
    return own.names();
  }

  @Override
  public HttpHeaders copy() {
    copyIn();
    return own.copy();
  }

  /** The block's fields one by one, as stored. */
  private static final class BlockFields
      implements Iterator<Map.Entry<CharSequence, CharSequence>> {
    private final HeadBlock block;
    private final Iterator<Map.Entry<CharSequence, CharSequence>> stored;
    private Map.Entry<CharSequence, CharSequence> next;

    BlockFields(HeadBlock block) {
      this.block = block;
      this.stored = block.stored().iteratorCharSequence();
      advance();
    }

    private void advance() {
      next = null;
      while (stored.hasNext()) {
        Map.Entry<CharSequence, CharSequence> e = stored.next();
        if (block.has(e.getKey())) {
          next = new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
          return;
        }
      }
    }

    @Override
    public boolean hasNext() {
      return next != null;
    }

    @Override
    public Map.Entry<CharSequence, CharSequence> next() {
      if (next == null) {
        throw new NoSuchElementException();
      }
      Map.Entry<CharSequence, CharSequence> e = next;
      advance();
      return e;
    }
  }

  /** One entry. */
  private static final class Once implements Iterator<Map.Entry<CharSequence, CharSequence>> {
    private Map.Entry<CharSequence, CharSequence> entry;

    Once(Map.Entry<CharSequence, CharSequence> entry) {
      this.entry = entry;
    }

    @Override
    public boolean hasNext() {
      return entry != null;
    }

    @Override
    public Map.Entry<CharSequence, CharSequence> next() {
      Map.Entry<CharSequence, CharSequence> e = entry;
      if (e == null) {
        throw new NoSuchElementException();
      }
      entry = null;
      return e;
    }
  }

  /** One iterator after another. */
  private static final class Concat implements Iterator<Map.Entry<CharSequence, CharSequence>> {
    private final Iterator<Map.Entry<CharSequence, CharSequence>> first;
    private final Iterator<Map.Entry<CharSequence, CharSequence>> second;

    Concat(
        Iterator<Map.Entry<CharSequence, CharSequence>> first,
        Iterator<Map.Entry<CharSequence, CharSequence>> second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public boolean hasNext() {
      return first.hasNext() || second.hasNext();
    }

    @Override
    public Map.Entry<CharSequence, CharSequence> next() {
      return first.hasNext() ? first.next() : second.next();
    }
  }
}
