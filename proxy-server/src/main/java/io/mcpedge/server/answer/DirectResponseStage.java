package io.mcpedge.server.answer;

import io.mcpedge.core.config.DirectResponseConfig;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The terminal stage of a route that the proxy answers itself ({@code directResponse}, as Envoy's
 * direct_response): the request never reaches an upstream.
 */
public final class DirectResponseStage implements Next {

  private final LocalText answer;

  public DirectResponseStage(DirectResponseConfig config) {
    String b = config.body() == null ? "" : config.body();
    this.answer =
        new LocalText(
            HttpResponseStatus.valueOf(config.status()),
            b.isEmpty() || b.endsWith("\n") ? b : b + "\n");
  }

  @Override
  public void proceed(Exchange ex, ResponseSink sink) {
    ex.respond(sink, answer.response());
  }
}
