package io.mcpedge.server.exchange;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * Where a response goes: the downstream client in the end, possibly through filters that wrap the
 * sink to observe or change it. Calls come on the exchange's event loop, in order: any number of
 * {@link #onInterim}, one {@link #onHead}, then {@link #onContent} until a {@link
 * io.netty.handler.codec.http.LastHttpContent}; or {@link #onError} at any point, after which
 * nothing else is delivered.
 */
public interface ResponseSink {

  /**
   * An interim (1xx) answer of the upstream that the client may see, such as {@code 103 Early
   * Hints} (RFC 9110 §15.2, RFC 8297): a head of its own, with no body, that does not start the
   * response; never a {@link io.netty.handler.codec.http.FullHttpResponse}. Sinks that only observe
   * the final answer pass it on ({@link ForwardingSink} does); one that ignores it drops it, which
   * is always allowed, since a client must be ready for a final answer without any interim one.
   */
  default void onInterim(HttpResponse interim) {}

  /** Status and headers; never a {@link io.netty.handler.codec.http.FullHttpResponse}. */
  void onHead(HttpResponse head);

  /**
   * A piece of the body. Ownership of its buffer passes to the sink, which must release it or pass
   * it on. A {@link io.netty.handler.codec.http.LastHttpContent} ends the response.
   */
  void onContent(HttpContent chunk);

  /**
   * The exchange failed. The downstream end maps the cause to a response in one place ({@link
   * io.mcpedge.server.answer.LocalAnswers}) or, when the response has already started, resets the
   * stream.
   */
  void onError(Throwable cause);
}
