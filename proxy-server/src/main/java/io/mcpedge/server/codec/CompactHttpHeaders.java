package io.mcpedge.server.codec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.CharSequenceValueConverter;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.DefaultHeaders.NameValidator;
import io.netty.handler.codec.DefaultHeaders.ValueValidator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * The header fields of one HTTP/1.1 message as a flat array of names and values, in the order they
 * were added. The decoders make one for every request and every upstream response. Netty's {@code
 * DefaultHttpHeaders} is a hash table: per message a wrapper, a table of 16 buckets and a sentinel,
 * and per field an entry of six references, a third of the heap a proxied request allocated. A
 * message has a dozen fields or so, and a scan that compares lengths before letters finds one as
 * fast as a hash would, without computing a hash for every field added.
 *
 * <p>Behaves as {@code DefaultHttpHeaders} does: names match without regard to case; {@code set}
 * removes every field of the name and adds the new one last; {@code getAll} gives the values in the
 * order added; names and values are checked on every add with the validators given, so a request
 * with a malformed field is refused by the decoder as before. Three differences: equality is
 * identity, {@code getTimeMillis} answers {@code null} for a value that is not a date (Netty's
 * throws its {@code ParseException}), and the entries {@link #iteratorCharSequence()} returns are
 * one object reused for each field, to be read before the next call to {@code next()} (as every
 * reader in Netty and in this project does), not kept.
 *
 * <p>Not thread-safe: owned by the message's exchange on its event loop.
 */
public final class CompactHttpHeaders extends HttpHeaders {

  private static final int INITIAL_FIELDS = 8;
  private static final int COLON_SPACE = (':' << 8) | ' ';
  private static final int CRLF = ('\r' << 8) | '\n';
  private static final Function<CharSequence, Integer> INT =
      CharSequenceValueConverter.INSTANCE::convertToInt;
  private static final Function<CharSequence, Short> SHORT =
      CharSequenceValueConverter.INSTANCE::convertToShort;
  // null, not the ParseException Netty's converter throws, for a value that is not a date
  private static final Function<CharSequence, Long> MILLIS =
      v -> {
        Date d = DateFormatter.parseHttpDate(v);
        return d == null ? null : d.getTime();
      };

  private final NameValidator<CharSequence> names;
  private final ValueValidator<CharSequence> values;
  private CharSequence[] fields; // the name of field i at 2i, its value at 2i + 1
  private int size; // fields, not array slots

  private CompactHttpHeaders(
      NameValidator<CharSequence> names, ValueValidator<CharSequence> values, int capacity) {
    this.names = names;
    this.values = values;
    this.fields = new CharSequence[2 * capacity];
  }

  /** A factory of headers that check names and values with these validators. */
  public static HttpHeadersFactory factory(
      NameValidator<CharSequence> names, ValueValidator<CharSequence> values) {
    return new HttpHeadersFactory() {
      @Override
      public HttpHeaders newHeaders() {
        return new CompactHttpHeaders(names, values, INITIAL_FIELDS);
      }

      @Override
      public HttpHeaders newEmptyHeaders() {
        return new CompactHttpHeaders(names, values, 0);
      }
    };
  }

  // ---- lookups

  private int indexOf(CharSequence name, int from) {
    CharSequence[] f = fields;
    int end = 2 * size;
    for (int i = 2 * from; i < end; i += 2) {
      CharSequence n = f[i];
      if (n == name || AsciiString.contentEqualsIgnoreCase(n, name)) {
        return i >> 1;
      }
    }
    return -1;
  }

  private CharSequence first(CharSequence name) {
    int i = indexOf(name, 0);
    return i < 0 ? null : fields[2 * i + 1];
  }

  @Override
  public String get(String name) {
    return get((CharSequence) name);
  }

  @Override
  public String get(CharSequence name) {
    CharSequence v = first(name);
    return v == null ? null : v.toString();
  }

  /** The first value of {@code name} parsed, or {@code null} when absent or not parsable. */
  private <T> T parsed(CharSequence name, Function<CharSequence, T> parse) {
    CharSequence v = first(name);
    if (v == null) {
      return null;
    }
    try {
      return parse.apply(v);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public Integer getInt(CharSequence name) {
    return parsed(name, INT);
  }

  @Override
  public int getInt(CharSequence name, int defaultValue) {
    Integer v = getInt(name);
    return v == null ? defaultValue : v;
  }

  @Override
  public Short getShort(CharSequence name) {
    return parsed(name, SHORT);
  }

  @Override
  public short getShort(CharSequence name, short defaultValue) {
    Short v = getShort(name);
    return v == null ? defaultValue : v;
  }

  @Override
  public Long getTimeMillis(CharSequence name) {
    return parsed(name, MILLIS);
  }

  @Override
  public long getTimeMillis(CharSequence name, long defaultValue) {
    Long v = getTimeMillis(name);
    return v == null ? defaultValue : v;
  }

  @Override
  public List<String> getAll(String name) {
    return getAll((CharSequence) name);
  }

  @Override
  public List<String> getAll(CharSequence name) {
    int i = indexOf(name, 0);
    if (i < 0) {
      return Collections.emptyList();
    }
    int next = indexOf(name, i + 1);
    if (next < 0) {
      return Collections.singletonList(fields[2 * i + 1].toString());
    }
    List<String> all = new ArrayList<>(4);
    all.add(fields[2 * i + 1].toString());
    for (int j = next; j >= 0; j = indexOf(name, j + 1)) {
      all.add(fields[2 * j + 1].toString());
    }
    return all;
  }

  @Override
  public Iterator<String> valueStringIterator(CharSequence name) {
    return getAll(name).iterator();
  }

  @Override
  public Iterator<? extends CharSequence> valueCharSequenceIterator(CharSequence name) {
    return new Iterator<CharSequence>() {
      private int next = indexOf(name, 0);

      @Override
      public boolean hasNext() {
        return next >= 0;
      }

      @Override
      public CharSequence next() {
        if (next < 0) {
          throw new NoSuchElementException();
        }
        CharSequence v = fields[2 * next + 1];
        next = indexOf(name, next + 1);
        return v;
      }
    };
  }

  @Override
  public List<Map.Entry<String, String>> entries() {
    List<Map.Entry<String, String>> all = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      all.add(
          new AbstractMap.SimpleImmutableEntry<>(
              fields[2 * i].toString(), fields[2 * i + 1].toString()));
    }
    return all;
  }

  @Override
  public boolean contains(String name) {
    return indexOf(name, 0) >= 0;
  }

  @Override
  public boolean contains(CharSequence name) {
    return indexOf(name, 0) >= 0;
  }

  @Override
  public boolean contains(String name, String value, boolean ignoreCase) {
    return contains((CharSequence) name, (CharSequence) value, ignoreCase);
  }

  @Override
  public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      CharSequence v = fields[2 * i + 1];
      if (ignoreCase
          ? AsciiString.contentEqualsIgnoreCase(v, value)
          : AsciiString.contentEquals(v, value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      if (listContains(fields[2 * i + 1], value, ignoreCase)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a comma-separated value has {@code element} as one of its trimmed elements. */
  private static boolean listContains(CharSequence list, CharSequence element, boolean ignoreCase) {
    int len = list.length();
    if (AsciiString.indexOf(list, ',', 0) < 0) { // one element: no copy of it
      CharSequence item = AsciiString.trim(list);
      return ignoreCase
          ? AsciiString.contentEqualsIgnoreCase(item, element)
          : AsciiString.contentEquals(item, element);
    }
    int begin = 0;
    while (begin <= len) {
      int end = AsciiString.indexOf(list, ',', begin);
      if (end < 0) {
        end = len;
      }
      CharSequence item = AsciiString.trim(list.subSequence(begin, end));
      if (ignoreCase
          ? AsciiString.contentEqualsIgnoreCase(item, element)
          : AsciiString.contentEquals(item, element)) {
        return true;
      }
      begin = end + 1;
    }
    return false;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<String> names() {
    Set<String> all = new LinkedHashSet<>(size * 2);
    for (int i = 0; i < size; i++) {
      if (indexOf(fields[2 * i], 0) == i) { // the first field of its name, in any case
        all.add(fields[2 * i].toString());
      }
    }
    return all;
  }

  // ---- iteration

  @Override
  @Deprecated
  public Iterator<Map.Entry<String, String>> iterator() {
    return entries().iterator();
  }

  @Override
  public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
    return new Fields();
  }

  /**
   * Walks the fields, read-only as Netty's is; the iterator is also the entry it returns, valid
   * until the next step.
   */
  private final class Fields
      implements Iterator<Map.Entry<CharSequence, CharSequence>>,
          Map.Entry<CharSequence, CharSequence> {
    private int next;
    private int current;

    @Override
    public boolean hasNext() {
      return next < size;
    }

    @Override
    public Map.Entry<CharSequence, CharSequence> next() {
      if (next >= size) {
        throw new NoSuchElementException();
      }
      current = next++;
      return this;
    }

    @Override
    public CharSequence getKey() {
      return fields[2 * current];
    }

    @Override
    public CharSequence getValue() {
      return fields[2 * current + 1];
    }

    @Override
    public CharSequence setValue(CharSequence value) {
      CharSequence v = value(value);
      CharSequence old = fields[2 * current + 1];
      fields[2 * current + 1] = v;
      return old;
    }

    @Override
    public String toString() {
      return getKey() + ": " + getValue();
    }
  }

  /**
   * Writes the fields as HTTP/1.1 field lines, byte for byte as Netty's encoder writes them ({@code
   * name ": " value CRLF}, text other than {@link AsciiString} one byte per char as its {@code
   * US_ASCII} writer does), without an iterator.
   */
  void encodeTo(ByteBuf buf) {
    CharSequence[] f = fields;
    int end = 2 * size;
    for (int i = 0; i < end; i += 2) {
      CharSequence name = f[i];
      CharSequence value = f[i + 1];
      buf.ensureWritable(name.length() + value.length() + 4);
      writeAscii(buf, name);
      buf.writeShort(COLON_SPACE);
      writeAscii(buf, value);
      buf.writeShort(CRLF);
    }
  }

  private static void writeAscii(ByteBuf buf, CharSequence text) {
    if (text instanceof AsciiString a) {
      buf.writeBytes(a.array(), a.arrayOffset(), a.length());
    } else {
      buf.writeCharSequence(text, StandardCharsets.US_ASCII);
    }
  }

  // ---- changes

  /** The value as added: checked, and converted as {@code DefaultHttpHeaders} converts it. */
  private CharSequence value(Object value) {
    if (value == null) {
      throw new NullPointerException("value");
    }
    CharSequence v;
    if (value instanceof CharSequence cs) {
      v = cs;
    } else if (value instanceof Date d) {
      v = DateFormatter.format(d);
    } else if (value instanceof Calendar c) {
      v = DateFormatter.format(c.getTime());
    } else {
      v = value.toString();
    }
    values.validate(v);
    return v;
  }

  private void append(CharSequence name, CharSequence value) {
    int at = 2 * size;
    if (at == fields.length) {
      fields = Arrays.copyOf(fields, Math.max(2 * INITIAL_FIELDS, 2 * fields.length));
    }
    fields[at] = name;
    fields[at + 1] = value;
    size++;
  }

  private void removeAll(CharSequence name) {
    CharSequence[] f = fields;
    int kept = 0;
    for (int i = 0; i < size; i++) {
      CharSequence n = f[2 * i];
      if (n == name || AsciiString.contentEqualsIgnoreCase(n, name)) {
        continue;
      }
      if (kept != i) {
        f[2 * kept] = n;
        f[2 * kept + 1] = f[2 * i + 1];
      }
      kept++;
    }
    Arrays.fill(f, 2 * kept, 2 * size, null);
    size = kept;
  }

  @Override
  public HttpHeaders add(String name, Object value) {
    return add((CharSequence) name, value);
  }

  @Override
  public HttpHeaders add(CharSequence name, Object value) {
    names.validateName(name);
    append(name, value(value));
    return this;
  }

  @Override
  public HttpHeaders add(String name, Iterable<?> values) {
    return add((CharSequence) name, values);
  }

  @Override
  public HttpHeaders add(CharSequence name, Iterable<?> values) {
    names.validateName(name);
    for (CharSequence v : values(values)) {
      append(name, v);
    }
    return this;
  }

  /** All the values converted and checked before any is added: a bad one changes nothing. */
  private List<CharSequence> values(Iterable<?> values) {
    List<CharSequence> all = new ArrayList<>();
    for (Object v : values) {
      all.add(value(v));
    }
    return all;
  }

  @Override
  public HttpHeaders add(HttpHeaders headers) {
    if (headers == this) {
      throw new IllegalArgumentException("can't add to itself");
    }
    Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      add(e.getKey(), e.getValue());
    }
    return this;
  }

  @Override
  public HttpHeaders addInt(CharSequence name, int value) {
    names.validateName(name);
    append(name, String.valueOf(value));
    return this;
  }

  @Override
  public HttpHeaders addShort(CharSequence name, short value) {
    names.validateName(name);
    append(name, String.valueOf(value));
    return this;
  }

  @Override
  public HttpHeaders set(String name, Object value) {
    return set((CharSequence) name, value);
  }

  @Override
  public HttpHeaders set(CharSequence name, Object value) {
    names.validateName(name);
    CharSequence v = value(value);
    removeAll(name);
    append(name, v);
    return this;
  }

  @Override
  public HttpHeaders set(String name, Iterable<?> values) {
    return set((CharSequence) name, values);
  }

  @Override
  public HttpHeaders set(CharSequence name, Iterable<?> values) {
    names.validateName(name);
    List<CharSequence> all = values(values);
    removeAll(name);
    for (CharSequence v : all) {
      append(name, v);
    }
    return this;
  }

  @Override
  public HttpHeaders set(HttpHeaders headers) {
    if (headers != this) {
      clear();
      add(headers);
    }
    return this;
  }

  @Override
  public HttpHeaders setInt(CharSequence name, int value) {
    names.validateName(name);
    removeAll(name);
    append(name, String.valueOf(value));
    return this;
  }

  @Override
  public HttpHeaders setShort(CharSequence name, short value) {
    names.validateName(name);
    removeAll(name);
    append(name, String.valueOf(value));
    return this;
  }

  @Override
  public HttpHeaders remove(String name) {
    return remove((CharSequence) name);
  }

  @Override
  public HttpHeaders remove(CharSequence name) {
    if (name == null) {
      throw new NullPointerException("name");
    }
    removeAll(name);
    return this;
  }

  @Override
  public HttpHeaders clear() {
    Arrays.fill(fields, 0, 2 * size, null);
    size = 0;
    return this;
  }

  @Override
  public HttpHeaders copy() {
    CompactHttpHeaders c = new CompactHttpHeaders(names, values, Math.max(size, 1));
    System.arraycopy(fields, 0, c.fields, 0, 2 * size);
    c.size = size;
    return c;
  }
}
