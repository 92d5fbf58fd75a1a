package io.mcpedge.server.pipeline;

import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.time.Scheduler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;

/**
 * Bounds how long an HTTP/1.1 client may take to send a request head: from the connection's start,
 * and again from the end of each response. When it expires with part of a head received, the client
 * gets 408 (RFC 9110 §15.5.9); an idle keep-alive connection is just closed. Sits after the
 * HTTP/1.1 codec, so it sees whole request heads.
 *
 * <p>A keep-alive connection waits for a head after every response, so the wait is not scheduled
 * and cancelled each time: it only records a deadline, and one pending check (on the proxy's {@link
 * Scheduler}) looks at the deadline when it runs and re-arms itself for the rest, as Netty's {@code
 * IdleStateHandler} does.
 */
public final class ClientHeaderTimeoutHandler extends ChannelDuplexHandler {

  private final long timeoutNanos;
  private final Scheduler time;
  private Future<?> timer;
  private long deadline;
  private boolean waitingForHead;
  private boolean partial;

  public ClientHeaderTimeoutHandler(long timeoutNanos, Scheduler time) {
    this.timeoutNanos = timeoutNanos;
    this.time = time;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      arm(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    arm(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    stop();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest) {
      waitingForHead = false; // a pending check finds nothing to do
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean informational = msg instanceof HttpResponse r && r.status().code() < 200;
    ctx.write(msg, promise);
    if (msg instanceof LastHttpContent && !informational) {
      arm(ctx);
    }
  }

  /**
   * The handler that tells this one about raw bytes: it sits first in the pipeline, before the
   * codec, so that a head that has started but not finished can be told from an idle connection.
   */
  public ChannelInboundHandlerAdapter bytesObserver() {
    return new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waitingForHead && msg instanceof ByteBuf b && b.isReadable()) {
          partial = true;
        }
        ctx.fireChannelRead(msg);
      }
    };
  }

  private void arm(ChannelHandlerContext ctx) {
    if (timeoutNanos <= 0) {
      return;
    }
    waitingForHead = true;
    partial = false;
    deadline = time.getAsLong() + timeoutNanos;
    if (timer == null) {
      timer = time.schedule(ctx.executor(), () -> check(ctx), timeoutNanos);
    }
  }

  private void stop() {
    waitingForHead = false;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void check(ChannelHandlerContext ctx) {
    timer = null;
    if (!waitingForHead || !ctx.channel().isActive()) {
      return; // the next wait schedules a check of its own
    }
    long left = deadline - time.getAsLong();
    if (left > 0) {
      timer = time.schedule(ctx.executor(), () -> check(ctx), left);
      return;
    }
    waitingForHead = false;
    if (!partial) {
      ctx.close();
      return;
    }
    LocalAnswers.writeAndClose(
        ctx,
        LocalAnswers.text(
            HttpResponseStatus.REQUEST_TIMEOUT, "408 Request Timeout\n", ctx.alloc()));
  }
}
