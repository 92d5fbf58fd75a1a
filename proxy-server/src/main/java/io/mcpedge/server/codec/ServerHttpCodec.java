package io.mcpedge.server.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.CombinedChannelDuplexHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The HTTP/1.1 codec of a client connection: what Netty's {@code HttpServerCodec} does (requests
 * in, responses out, a {@code HEAD} answer without a body, a 2xx answer to {@code CONNECT} without
 * {@code Transfer-Encoding}, the connection closed after answering a request that carried both
 * {@code Transfer-Encoding} and {@code Content-Length}, at most {@value #MAX_PIPELINE_DEPTH}
 * pipelined requests waiting for their answers), with fewer copies per message. The decoder returns
 * the usual request names ({@link KnownHeaderNames#REQUESTS}) and methods as shared constants when
 * their bytes match exactly, so the case the client sent is kept; anything else is decoded, checked
 * and refused exactly as Netty's decoder does, which does the parsing. The encoder writes the
 * status line of the usual statuses as one prepared copy ({@link StatusLines}) and the fields of
 * the project's own header maps straight from their arrays, a cache hit's stored block as one copy
 * ({@link BlockHeaders}). Sits under the name {@code http-codec}; as the {@link
 * HttpServerUpgradeHandler.SourceCodec} of an h2c upgrade it removes itself.
 */
public final class ServerHttpCodec
    extends CombinedChannelDuplexHandler<ServerHttpCodec.RequestDecoder, ServerHttpCodec.Encoder>
    implements HttpServerUpgradeHandler.SourceCodec {

  /** Netty's default: requests read ahead of their answers before the connection is refused. */
  static final int MAX_PIPELINE_DEPTH = 128;

  private final RequestMethods methods = new RequestMethods();

  /** When set, the connection is closed once the next response has been written. */
  private boolean mustCloseAfterResponse;

  public ServerHttpCodec(HttpDecoderConfig config) {
    init(new RequestDecoder(config), new Encoder());
  }

  @Override
  public void upgradeFrom(ChannelHandlerContext ctx) {
    ctx.pipeline().remove(this);
  }

  /** The request decoder: Netty's, with the names and methods it knows returned as constants. */
  final class RequestDecoder extends HttpRequestDecoder {
    private boolean discard;

    RequestDecoder(HttpDecoderConfig config) {
      super(config);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out)
        throws Exception {
      if (discard) {
        buffer.skipBytes(buffer.readableBytes());
        return;
      }
      int from = out.size();
      super.decode(ctx, buffer, out);
      int to = out.size();
      for (int i = from; i < to; i++) {
        if (out.get(i) instanceof HttpRequest req && !methods.add(req.method())) {
          // Too many requests read ahead of their answers: refuse the rest of the connection.
          mustCloseAfterResponse = true;
          discard = true;
          for (int j = i; j < to; j++) {
            ReferenceCountUtil.release(out.get(j));
          }
          out.subList(i, to).clear();
          throw new IllegalStateException("maxPipelineDepth exceeded: " + MAX_PIPELINE_DEPTH);
        }
      }
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      // RFC 9112 §6.1: a server MAY decode such a request; it MUST close after answering it.
      super.handleTransferEncodingChunkedWithContentLength(message);
      mustCloseAfterResponse = true;
    }

    @Override
    protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
      AsciiString known = KnownHeaderNames.REQUESTS.find(sb, start, length);
      return known != null ? known : super.splitHeaderName(sb, start, length);
    }

    @Override
    protected String splitFirstWordInitialLine(byte[] sb, int start, int length) {
      String known = KnownMethods.find(sb, start, length);
      return known != null ? known : super.splitFirstWordInitialLine(sb, start, length);
    }
  }

  /** The response encoder: Netty's, with the status line and the fields written more directly. */
  final class Encoder extends HttpResponseEncoder {
    private byte method;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
        throws Exception {
      if (mustCloseAfterResponse && msg instanceof LastHttpContent) {
        mustCloseAfterResponse = false;
        promise = promise.unvoid().addListener(ChannelFutureListener.CLOSE);
      }
      super.write(ctx, msg, promise);
    }

    @Override
    protected void sanitizeHeadersBeforeEncode(HttpResponse msg, boolean isAlwaysEmpty) {
      if (!isAlwaysEmpty
          && method == RequestMethods.CONNECT
          && msg.status().codeClass() == HttpStatusClass.SUCCESS) {
        // RFC 9112 §6.1: a 2xx answer to CONNECT has no Transfer-Encoding.
        msg.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        return;
      }
      super.sanitizeHeadersBeforeEncode(msg, isAlwaysEmpty);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
      if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        return super.isContentAlwaysEmpty(msg); // an interim answer: the request still waits
      }
      method = methods.poll();
      return method == RequestMethods.HEAD || super.isContentAlwaysEmpty(msg); // RFC 9110 §9.3.2
    }

    @Override
    protected void encodeInitialLine(ByteBuf buf, HttpResponse response) throws Exception {
      byte[] line = StatusLines.of(response.protocolVersion(), response.status());
      if (line != null) {
        buf.writeBytes(line);
      } else {
        super.encodeInitialLine(buf, response);
      }
    }

    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
      if (headers instanceof CompactHttpHeaders compact) {
        compact.encodeTo(buf);
      } else if (headers instanceof BlockHeaders block) {
        block.encodeTo(buf);
      } else {
        super.encodeHeaders(headers, buf);
      }
    }
  }

  /**
   * The methods of the requests read and not yet answered, oldest first, two bits each in a long
   * (as Netty's codec keeps them): a connection holds at most {@value #MAX_PIPELINE_DEPTH} of them,
   * the first 32 without allocating.
   */
  static final class RequestMethods {
    static final byte HEAD = 1;
    static final byte CONNECT = 2;
    static final byte OTHER = 3;

    private static final int INLINE = Long.SIZE / 2;

    private long inline;
    private int inlineSize;
    private ArrayDeque<Byte> overflow;

    /** Queues the method of a request; false when the queue is full. */
    boolean add(HttpMethod method) {
      int size = inlineSize + (overflow == null ? 0 : overflow.size());
      if (size >= MAX_PIPELINE_DEPTH) {
        return false;
      }
      byte flag =
          HttpMethod.HEAD.equals(method)
              ? HEAD
              : HttpMethod.CONNECT.equals(method) ? CONNECT : OTHER;
      if (overflow != null) {
        overflow.add(flag);
      } else if (inlineSize < INLINE) {
        inline |= (long) flag << (inlineSize << 1);
        inlineSize++;
      } else {
        overflow = new ArrayDeque<>(4);
        overflow.add(flag);
      }
      return true;
    }

    /** The oldest method waiting for its answer, {@link #OTHER} if none is. */
    byte poll() {
      if (inlineSize != 0) {
        byte flag = (byte) (inline & 0x3L);
        inline >>>= 2;
        inlineSize--;
        return flag;
      }
      if (overflow != null) {
        Byte flag = overflow.poll();
        if (overflow.isEmpty()) {
          overflow = null;
        }
        return flag != null ? flag : OTHER;
      }
      return OTHER;
    }
  }
}
