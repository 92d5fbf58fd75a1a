package io.mcpedge.server.codec;

import io.netty.handler.codec.DefaultHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Header-name validation that remembers the names it has already found valid. Connections send the
 * same dozen names on every message, and the filters add the same constant names to each; checking
 * each byte of each again (RFC 9110 §5.1 token characters) was a tenth of the CPU of a proxied
 * request. A name is accepted without the byte check only when it equals, byte for byte, a name
 * checked before; anything else is checked as Netty's default validation does, and refused the same
 * way.
 *
 * <p>The memory of checked names is per thread (in practice, per event loop), so one instance
 * serves all the connections of a server without locks, and an idle connection costs nothing: a
 * memory per connection was half a kilobyte of each of 8,000 idle SSE streams' two connections.
 */
public final class HeaderNameValidation implements DefaultHeaders.NameValidator<CharSequence> {

  private static final int SLOTS = 64; // a power of two
  private static final DefaultHeaders.NameValidator<CharSequence> CHECK =
      DefaultHttpHeadersFactory.headersFactory().getNameValidator();

  private final FastThreadLocal<CharSequence[]> checked =
      new FastThreadLocal<>() {
        @Override
        protected CharSequence[] initialValue() {
          return new CharSequence[SLOTS];
        }
      };

  private HeaderNameValidation() {}

  /**
   * A factory of the decoders' headers ({@link CompactHttpHeaders}) that validates names with a new
   * instance and values as Netty's default headers do: create one per server or client pipeline
   * initializer and share it among their connections' decoders.
   */
  public static HttpHeadersFactory newFactory() {
    return CompactHttpHeaders.factory(
        new HeaderNameValidation(), DefaultHttpHeadersFactory.headersFactory().getValueValidator());
  }

  @Override
  public void validateName(CharSequence name) {
    if (name == null) {
      CHECK.validateName(null); // refuses it
      return;
    }
    CharSequence[] memo = checked.get();
    int slot = AsciiString.hashCode(name) & (SLOTS - 1);
    CharSequence known = memo[slot];
    if (known == name || known != null && AsciiString.contentEquals(known, name)) {
      return;
    }
    CHECK.validateName(name);
    if (name instanceof AsciiString || name instanceof String) {
      memo[slot] = name; // immutable: safe to compare later names against
    }
  }
}
