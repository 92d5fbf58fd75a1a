package io.mcpedge.server.codec;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.io.ByteArrayOutputStream;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A stored response's header fields encoded once as HTTP/1.1 field lines (RFC 9112 §5: {@code name
 * ": " value CRLF}), so that a cache hit writes them with one copy instead of building a header map
 * and encoding it field by field. Fields whose names are {@code excluded} (fields clients never
 * get, and the ones every hit sets itself) are left out.
 *
 * <p>The block is immutable heap bytes, garbage collected with the entry: nothing reference-counted
 * is kept with a stored entry. It is split before the last field's value ({@link #lead()}, {@link
 * #lastValue()}) because Netty's response encoder writes each field it iterates as {@code name ": "
 * value CRLF}: handed the lead as one name and the last value as its value, it writes the block's
 * bytes exactly ({@link BlockHeaders}).
 */
public final class HeadBlock {

  private final HttpHeaders stored;
  private final AsciiString[] excluded;
  private final AsciiString[] names;
  private final int[] hashes;
  private final int fields;
  private final byte[] bytes;
  private final AsciiString lead;
  private final AsciiString lastValue;
  private final Map.Entry<CharSequence, CharSequence> wire;

  private HeadBlock(
      HttpHeaders stored,
      AsciiString[] excluded,
      List<AsciiString> names,
      int fields,
      byte[] bytes,
      int lastValueLength) {
    this.stored = stored;
    this.excluded = excluded;
    this.names = names.toArray(AsciiString[]::new);
    this.hashes = new int[this.names.length];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = this.names[i].hashCode();
    }
    this.fields = fields;
    this.bytes = bytes;
    int leadLength = bytes.length - lastValueLength - 4; // ": " before the value, CRLF after
    this.lead =
        fields == 0 ? AsciiString.EMPTY_STRING : new AsciiString(bytes, 0, leadLength, false);
    this.lastValue =
        fields == 0
            ? AsciiString.EMPTY_STRING
            : new AsciiString(bytes, leadLength + 2, lastValueLength, false);
    this.wire = new AbstractMap.SimpleImmutableEntry<>(lead, lastValue);
  }

  /**
   * Encodes {@code stored} (names and values already validated, as {@link AsciiString}s or other
   * text of single-byte characters) without the fields named in {@code excluded}.
   */
  public static HeadBlock of(HttpHeaders stored, AsciiString[] excluded) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    List<AsciiString> names = new ArrayList<>();
    int fields = 0;
    int lastValueLength = 0;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = stored.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      if (named(excluded, e.getKey())) {
        continue;
      }
      AsciiString name = AsciiString.of(e.getKey());
      AsciiString value = AsciiString.of(e.getValue());
      if (!named(names, name)) {
        names.add(name);
      }
      out.writeBytes(name.toByteArray());
      out.write(':');
      out.write(' ');
      out.writeBytes(value.toByteArray());
      out.write('\r');
      out.write('\n');
      fields++;
      lastValueLength = value.length();
    }
    return new HeadBlock(stored, excluded, names, fields, out.toByteArray(), lastValueLength);
  }

  private static boolean named(AsciiString[] names, CharSequence name) {
    for (AsciiString n : names) {
      if (n.contentEqualsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean named(List<AsciiString> names, CharSequence name) {
    for (AsciiString n : names) {
      if (n.contentEqualsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this block was made without the fields named in {@code excluded} (by identity). */
  public boolean excludes(AsciiString[] excluded) {
    return this.excluded == excluded;
  }

  /** Whether the block holds a field named {@code name} (case-insensitive, RFC 9110 §5.1). */
  boolean has(CharSequence name) {
    int h = AsciiString.hashCode(name);
    for (int i = 0; i < hashes.length; i++) {
      if (hashes[i] == h && names[i].contentEqualsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The stored fields, for reading the values of the names the block {@linkplain #has has}: every
   * field of such a name is in the block.
   */
  HttpHeaders stored() {
    return stored;
  }

  /** Number of field lines. */
  int size() {
    return fields;
  }

  /** Every field line but the last value: {@code "n1: v1\r\n...nK"}. */
  AsciiString lead() {
    return lead;
  }

  /** The last field's value. */
  AsciiString lastValue() {
    return lastValue;
  }

  /** Writes the block's field lines, each ending in CRLF, as they were encoded. */
  void writeTo(ByteBuf buf) {
    buf.writeBytes(bytes);
  }

  /** The whole block as one field entry: the {@link #lead()} as its name, the last value. */
  Map.Entry<CharSequence, CharSequence> wire() {
    return wire;
  }
}
