package io.mcpedge.server.exchange;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * A {@link ResponseSink} that passes everything on to the next sink, for filters that only need to
 * see or change part of a response (usually its head): they override what they need.
 */
public abstract class ForwardingSink implements ResponseSink {

  protected final ResponseSink next;

  protected ForwardingSink(ResponseSink next) {
    this.next = next;
  }

  @Override
  public void onInterim(HttpResponse interim) {
    next.onInterim(interim);
  }

  @Override
  public void onHead(HttpResponse head) {
    next.onHead(head);
  }

  @Override
  public void onContent(HttpContent chunk) {
    next.onContent(chunk);
  }

  @Override
  public void onError(Throwable cause) {
    next.onError(cause);
  }
}
