package io.mcpedge.server.exchange;

import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;

/**
 * Header-name validation for one connection's codec that remembers the names it has already found
 * valid. A connection sends the same dozen names on every message, and the filters add the same
 * constant names to each; checking each byte of each again (RFC 9110 §5.1 token characters) was a
 * tenth of the CPU of a proxied request. A name is accepted without the byte check only when it
 * equals, byte for byte, a name this validator has checked; anything else is checked as Netty's
 * default validation does, and refused the same way.
 *
 * <p>Not thread-safe: one instance per connection, used on its event loop only (the decoder, and
 * the filters that then edit the headers of that connection's messages).
 */
public final class HeaderNameValidation implements DefaultHeaders.NameValidator<CharSequence> {

  private static final int SLOTS = 64; // a power of two
  private static final DefaultHeaders.NameValidator<CharSequence> CHECK =
      DefaultHttpHeadersFactory.headersFactory().getNameValidator();

  private final CharSequence[] checked = new CharSequence[SLOTS];

  private HeaderNameValidation() {}

  /** A headers factory, for one connection's decoder, that validates names with a new instance. */
  public static HttpHeadersFactory newFactory() {
    return DefaultHttpHeadersFactory.headersFactory().withNameValidator(new HeaderNameValidation());
  }

  @Override
  public void validateName(CharSequence name) {
    if (name == null) {
      CHECK.validateName(null); // refuses it
      return;
    }
    int slot = AsciiString.hashCode(name) & (SLOTS - 1);
    CharSequence known = checked[slot];
    if (known == name || known != null && AsciiString.contentEquals(known, name)) {
      return;
    }
    CHECK.validateName(name);
    if (name instanceof AsciiString || name instanceof String) {
      checked[slot] = name; // immutable: safe to compare later names against
    }
  }
}
