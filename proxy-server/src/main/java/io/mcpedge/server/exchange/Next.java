package io.mcpedge.server.exchange;

/** The rest of a filter chain: the next filter, or in the end the upstream itself. */
@FunctionalInterface
public interface Next {

  void proceed(Exchange ex, ResponseSink sink);
}
