package io.mcpedge.server.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * The HTTP/1.1 codec of an upstream connection: what Netty's {@code HttpClientCodec} does for a
 * proxy (requests out, responses in, a {@code HEAD} answer has no body, a 2xx answer to {@code
 * CONNECT} ends HTTP on the connection), with a response decoder that does not allocate what every
 * response repeats. Known header names ({@link KnownHeaderNames}), the {@code HTTP/1.1} version,
 * the status code and the {@code OK} reason come back as shared constants when their bytes match
 * exactly, so the case the upstream sent is kept; anything else is decoded as Netty decodes it. A
 * body without {@code Transfer-Encoding} ends with the shared empty set of trailer fields. An
 * interim (1xx) answer comes up whole, as one {@code FullHttpResponse}. The codec is also the one
 * judge of whether the connection may carry another request ({@link #isReusable}): it alone knows
 * how each answer was framed and whether bytes are left over. Sits first in the upstream pipeline,
 * under the name {@code http-codec}.
 */
public final class UpstreamHttpCodec
    extends CombinedChannelDuplexHandler<UpstreamHttpCodec.ResponseDecoder, HttpRequestEncoder> {

  /** The methods of the requests sent and not yet answered, oldest first. */
  private final ArrayDeque<HttpMethod> methods = new ArrayDeque<>(4);

  /** A 2xx answer to CONNECT turned the connection into a tunnel: no more HTTP in either way. */
  private boolean tunnel;

  /**
   * Whether the response being decoded may end with trailer fields: only a chunked body can carry
   * them (RFC 9112 §7.1.2), and only a response with {@code Transfer-Encoding} has one.
   */
  private boolean trailersPossible;

  /** A final answer's head has been decoded and its body has not ended yet. */
  private boolean responding;

  /**
   * An answer was framed in a way that forbids another on this connection: its body ends with the
   * connection, it carried both {@code Content-Length} and {@code Transfer-Encoding}, or it was an
   * HTTP/1.0 message with {@code Transfer-Encoding} (RFC 9112 §6.1, §6.3), or bytes came that no
   * request asked for.
   */
  private boolean spent;

  public UpstreamHttpCodec(HttpDecoderConfig config, KnownHeaderNames names) {
    // Transfer-Encoding beside Content-Length is decoded by the former (RFC 9112 §6.3 item 3)
    // instead of refused; the connection is not reused after such an answer.
    HttpDecoderConfig own =
        config
            .clone()
            .setTrailersFactory(new Trailers(config.getTrailersFactory()))
            .setUseRfc9112TransferEncoding(false);
    init(new ResponseDecoder(own, names), new RequestEncoder());
  }

  /**
   * Whether another request may be sent on this connection: every request sent has had its final
   * answer, the last one framed completely by its length, its chunks or its status, and nothing the
   * upstream sent is left unread (bytes past the end of an answer would be taken for the start of
   * the next one).
   */
  public boolean isReusable() {
    return !tunnel
        && !spent
        && !responding
        && methods.isEmpty()
        && !inboundHandler().hasUnreadBytes();
  }

  /**
   * The decoder gives every body's last part a set of trailer fields. A body framed by {@code
   * Content-Length} cannot have any, so it gets the shared immutable empty set instead of a new
   * mutable one per response; a chunked body gets a real one for the decoder to fill.
   */
  private final class Trailers implements HttpHeadersFactory {
    private final HttpHeadersFactory real;

    Trailers(HttpHeadersFactory real) {
      this.real = real;
    }

    @Override
    public HttpHeaders newHeaders() {
      return trailersPossible ? real.newHeaders() : EmptyHttpHeaders.INSTANCE;
    }

    @Override
    public HttpHeaders newEmptyHeaders() {
      return trailersPossible ? real.newEmptyHeaders() : EmptyHttpHeaders.INSTANCE;
    }
  }

  private final class RequestEncoder extends HttpRequestEncoder {
    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out)
        throws Exception {
      if (tunnel) {
        out.add(ReferenceCountUtil.retain(msg));
        return;
      }
      if (msg instanceof HttpRequest req) {
        methods.add(req.method());
      }
      super.encode(ctx, msg, out);
    }
  }

  final class ResponseDecoder extends HttpResponseDecoder {
    private static final String HTTP_1_1 = "HTTP/1.1";
    private static final String OK = "OK";
    private static final byte[] HTTP_1_1_BYTES = AsciiString.cached(HTTP_1_1).array();

    /** "100" to "599", built once; a status line's code is looked up instead of copied. */
    private static final String[] CODES = codes();

    private final KnownHeaderNames names;

    ResponseDecoder(HttpDecoderConfig config, KnownHeaderNames names) {
      super(config);
      this.names = names;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
        throws Exception {
      if (tunnel) {
        int readable = actualReadableBytes();
        if (readable > 0) {
          out.add(buffer.readRetainedSlice(readable));
        }
        return;
      }
      if (methods.isEmpty() && !responding) {
        // No request is waiting for an answer: whatever this is, it cannot be framed, and left
        // in the buffer it would prefix the next answer's status line. The connection is spent.
        spent = true;
        buffer.skipBytes(buffer.readableBytes());
        ctx.close();
        return;
      }
      super.decode(ctx, buffer, out);
      int n = out.size();
      if (n > 0 && out.get(n - 1) instanceof LastHttpContent) {
        responding = false;
      }
      if (n >= 2
          && out.get(n - 1) instanceof LastHttpContent
          && out.get(n - 2) instanceof HttpResponse res
          && isInterim(res)) {
        // An interim answer comes up whole, as Netty's HTTP/2 codec delivers it: a head followed
        // by an end of body would look like a complete response to the code above.
        out.remove(n - 1);
        out.set(
            n - 2,
            new DefaultFullHttpResponse(
                res.protocolVersion(),
                res.status(),
                Unpooled.EMPTY_BUFFER,
                res.headers(),
                EmptyHttpHeaders.INSTANCE));
      }
    }

    private static boolean isInterim(HttpResponse res) {
      return res.status().codeClass() == HttpStatusClass.INFORMATIONAL
          && res.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code();
    }

    boolean hasUnreadBytes() {
      return internalBuffer().isReadable();
    }

    /** Called for every response once its head is read, before any of its body. */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
      HttpResponse res = (HttpResponse) msg;
      HttpHeaders h = res.headers();
      trailersPossible = h.contains(HttpHeaderNames.TRANSFER_ENCODING);
      if (res.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        // An interim answer; the request's final answer is still to come (RFC 9110 §15.2).
        return super.isContentAlwaysEmpty(msg);
      }
      responding = true;
      HttpMethod method = methods.poll();
      if (HttpMethod.HEAD.equals(method)) {
        return true; // RFC 9110 §9.3.2
      }
      if (HttpMethod.CONNECT.equals(method)
          && res.status().codeClass() == HttpStatusClass.SUCCESS) {
        tunnel = true; // RFC 9110 §9.3.6: the connection is a tunnel from here on
        methods.clear();
        return true;
      }
      if (super.isContentAlwaysEmpty(msg)) {
        return true; // 204, 304 (RFC 9110 §6.4.1): whatever their length fields say
      }
      if (trailersPossible) {
        // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length, and the answer is suspect
        // (response splitting); an HTTP/1.0 answer with it has faulty framing (§6.1).
        if (h.contains(HttpHeaderNames.CONTENT_LENGTH)
            || res.protocolVersion() != HttpVersion.HTTP_1_1) {
          spent = true;
          h.remove(HttpHeaderNames.CONTENT_LENGTH);
        }
      } else if (!h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        spent = true; // RFC 9112 §6.3 item 8: the body ends when the connection does
      }
      return false;
    }

    @Override
    protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
      AsciiString known = names.find(sb, start, length);
      return known != null ? known : super.splitHeaderName(sb, start, length);
    }

    @Override
    protected String splitFirstWordInitialLine(byte[] sb, int start, int length) {
      return Arrays.equals(sb, start, start + length, HTTP_1_1_BYTES, 0, HTTP_1_1_BYTES.length)
          ? HTTP_1_1
          : super.splitFirstWordInitialLine(sb, start, length);
    }

    @Override
    protected String splitSecondWordInitialLine(byte[] sb, int start, int length) {
      if (length == 3) {
        int code = (sb[start] - '0') * 100 + (sb[start + 1] - '0') * 10 + (sb[start + 2] - '0');
        if (code >= 100
            && code < 600
            && sb[start + 1] >= '0'
            && sb[start + 1] <= '9'
            && sb[start + 2] >= '0'
            && sb[start + 2] <= '9') {
          return CODES[code - 100];
        }
      }
      return super.splitSecondWordInitialLine(sb, start, length);
    }

    @Override
    protected String splitThirdWordInitialLine(byte[] sb, int start, int length) {
      return length == 2 && sb[start] == 'O' && sb[start + 1] == 'K'
          ? OK
          : super.splitThirdWordInitialLine(sb, start, length);
    }

    private static String[] codes() {
      String[] codes = new String[500];
      for (int i = 0; i < codes.length; i++) {
        codes[i] = Integer.toString(100 + i);
      }
      return codes;
    }
  }
}
