package io.mcpedge.server.pipeline;

import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.codec.BlockHeaders;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.mcpedge.server.exchange.Failure;
import io.mcpedge.server.exchange.KeepaliveContent;
import io.mcpedge.server.exchange.ResponseSink;
import io.mcpedge.server.stream.WebSocketRequests;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of every sink chain: writes the response to the client. Here, and only here, failures
 * become responses (via {@link LocalAnswers}) or, once the response has started, a reset stream or
 * closed connection; and here each failure is logged, once, with the connection and route.
 */
final class DownstreamSink implements ResponseSink {

  private static final Logger log = LoggerFactory.getLogger(DownstreamSink.class);

  private final ExchangeEndListener end;
  private final ExchangeObserver observer;
  private final Exchange ex;
  private final ChannelHandlerContext ctx;
  private final boolean http2;
  private final boolean http10;
  private final boolean head;
  private boolean closeAfter;
  private boolean bodyless;
  private boolean started;
  private boolean ended;

  /** The status code written to the client; 0 until a final head is written. */
  private int status;

  /**
   * A head with a declared length, held back until its first content: when that is the whole body
   * (a cache hit, an error page, a short upstream answer), head and body go down the pipeline as
   * one message, encoded and written together. Streams (no declared length: SSE, chunked) are
   * written at once, so a client sees their head before any event.
   */
  private HttpResponse pendingHead;

  DownstreamSink(
      ExchangeEndListener end,
      ExchangeObserver observer,
      Exchange ex,
      ChannelHandlerContext ctx,
      boolean draining) {
    this.end = end;
    this.observer = observer;
    this.ex = ex;
    this.ctx = ctx;
    this.http2 = ex.protocol() == Exchange.Protocol.HTTP_2;
    this.http10 = ex.request().protocolVersion().equals(HttpVersion.HTTP_1_0);
    this.head = HttpMethod.HEAD.equals(ex.request().method());
    this.closeAfter = draining || http10 && !HttpUtil.isKeepAlive(ex.request());
  }

  /**
   * Writes an interim answer ahead of the final one (RFC 9110 §15.2): on HTTP/1.1 a response of its
   * own, on HTTP/2 a HEADERS frame that does not end the stream (RFC 9113 §8.1). HTTP/1.0 clients
   * get none (they do not understand 1xx); {@code 100 Continue} is hop by hop (the proxy answers
   * {@code Expect} itself) and {@code 102 Processing} is obsolete (RFC 9110 §15.2), so both are
   * dropped. It is flushed at once: early hints are worth something only while the final answer is
   * still being made.
   */
  @Override
  public void onInterim(HttpResponse interim) {
    int code = interim.status().code();
    if (ended || started || http10 || code == 100 || code == 101 || code == 102) {
      return;
    }
    ctx.writeAndFlush(
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            interim.status(),
            Unpooled.EMPTY_BUFFER,
            interim.headers(),
            EmptyHttpHeaders.INSTANCE),
        ctx.voidPromise());
  }

  @Override
  public void onHead(HttpResponse res) {
    if (ended || started) {
      return;
    }
    started = true;
    int code = res.status().code();
    status = code;
    if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
      // The exchange becomes a tunnel (see ProtocolSwitch): no body, no framing, no end.
      ended = true;
      if (http2) {
        WebSocketRequests.toExtendedConnectAnswer(res);
      } else {
        res.setProtocolVersion(HttpVersion.HTTP_1_1);
      }
      ctx.write(res, ctx.voidPromise());
      observer.exchangeEnded(ex, code);
      return;
    }
    observer.responseStarted(ex, res);
    bodyless = head || code == 204 || code == 304 || code < 200;
    boolean sized = !bodyless && HttpUtil.isContentLengthSet(res);
    if (!http2) {
      frameForHttp1(res, sized);
    }
    if (sized) {
      pendingHead = res;
      return;
    }
    ctx.write(res, ctx.voidPromise());
  }

  /** {@code sized}: the response has a body of declared length. */
  private void frameForHttp1(HttpResponse res, boolean sized) {
    res.setProtocolVersion(HttpVersion.HTTP_1_1);
    if (res.headers() instanceof BlockHeaders block) {
      block.onWire(); // what follows only adds fields and encodes them
    }
    if (!bodyless && !sized) {
      if (http10) {
        closeAfter = true; // HTTP/1.0 has no chunked coding: the close ends the body
      } else {
        HttpUtil.setTransferEncodingChunked(res, true);
      }
    }
    if (closeAfter || end.mustClose()) {
      closeAfter = true;
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (http10) {
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  @Override
  public void onContent(HttpContent chunk) {
    if (ended || !started) {
      chunk.release();
      return;
    }
    if (!(chunk instanceof KeepaliveContent)) {
      ex.touch(); // a keep-alive comment is not traffic: the idle timeout still sees silence
    }
    if (bodyless && chunk.content().isReadable()) {
      // RFC 9110 §9.3.2, §15.3.5, §15.4.5: whatever an upstream sends, these carry no content.
      boolean last = chunk instanceof LastHttpContent;
      chunk.release();
      if (!last) {
        return;
      }
      chunk = LastHttpContent.EMPTY_LAST_CONTENT;
    }
    int bytes = chunk.content().readableBytes();
    if (bytes > 0) {
      ex.record().addBytesOut(bytes);
    }
    HttpResponse pending = pendingHead;
    if (pending != null) {
      pendingHead = null;
      if (chunk instanceof LastHttpContent last) {
        chunk =
            new DefaultFullHttpResponse(
                pending.protocolVersion(),
                pending.status(),
                last.content(),
                pending.headers(),
                last.trailingHeaders());
      } else {
        ctx.write(pending, ctx.voidPromise());
      }
    }
    if (!(chunk instanceof LastHttpContent)) {
      ctx.write(chunk, ctx.voidPromise());
      return;
    }
    ended = true;
    ex.finish();
    boolean close = !http2 && (closeAfter || end.mustClose());
    if (close) {
      ctx.writeAndFlush(chunk).addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.writeAndFlush(chunk, ctx.voidPromise());
    }
    ended(close);
  }

  @Override
  public void onError(Throwable cause) {
    if (ended) {
      return;
    }
    ended = true;
    pendingHead = null; // started all the same: the client is told by a close or a reset
    ex.finish();
    Failure failure = Failure.classify(cause);
    logOnce(failure, cause);
    if (failure == Failure.CLIENT_CLOSED || !ctx.channel().isActive()) {
      ctx.close();
      ended(true);
      return;
    }
    if (started) {
      if (http2) {
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.INTERNAL_ERROR))
            .addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close();
      }
      ended(true);
      return;
    }
    started = true;
    FullHttpResponse res = LocalAnswers.failure(failure, ex.routeName(), ex.alloc());
    status = res.status().code();
    if (head) {
      res = LocalAnswers.withoutBody(res);
    }
    ex.record().addBytesOut(res.content().readableBytes());
    boolean close = !http2 && (closeAfter || end.mustClose());
    if (close) {
      LocalAnswers.writeAndClose(ctx, res);
    } else {
      ctx.writeAndFlush(res, ctx.voidPromise());
    }
    ended(close);
  }

  /** The one place an exchange ends downstream: the observer sees it, then the connection. */
  private void ended(boolean closeConnection) {
    observer.exchangeEnded(ex, status);
    end.exchangeEnded(ex, closeConnection);
  }

  private void logOnce(Failure failure, Throwable cause) {
    if (failure == Failure.NO_ROUTE) {
      log.debug("{} no route: {} {}", ex.connectionId(), ex.request().method(), ex.head().path());
    } else if (failure == Failure.CLIENT_CLOSED) {
      log.debug("{} route={} client went away", ex.connectionId(), ex.routeName());
    } else if (failure.status().code() < 500) {
      // The client's own request was refused (400, 405, 413, 431): any client could fill the log
      // with these at will, so they are not warnings.
      log.debug(
          "{} route={} {} {} -> {} {}",
          ex.connectionId(),
          ex.routeName(),
          ex.request().method(),
          ex.head().path(),
          failure.status().code(),
          cause.getMessage());
    } else {
      log.warn(
          "{} route={} {} {} -> {} {}{}",
          ex.connectionId(),
          ex.routeName(),
          ex.request().method(),
          ex.head().path(),
          failure.status().code(),
          cause.getMessage(),
          started ? " (response already started: stream closed)" : "");
    }
  }
}
