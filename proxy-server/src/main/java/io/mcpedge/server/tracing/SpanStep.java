package io.mcpedge.server.tracing;

import io.mcpedge.server.exchange.ExchangeTrace;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

/**
 * A child span of an exchange (a cache lookup, an upstream attempt) behind the library-free {@link
 * ExchangeTrace.Step}: a 5xx or a failure marks it as an error, as the HTTP semantic conventions do
 * for client spans.
 */
final class SpanStep implements ExchangeTrace.Step {

  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** The step of a span that is not recorded: does nothing, holds nothing. */
  static final ExchangeTrace.Step UNRECORDED = new Unrecorded();

  private final Span span;
  private final int errorFrom;
  private boolean ended;

  /**
   * @param errorFrom the lowest status that is an error (400 for CLIENT spans)
   */
  SpanStep(Span span, int errorFrom) {
    this.span = span;
    this.errorFrom = errorFrom;
  }

  @Override
  public void attribute(String key, String value) {
    span.setAttribute(key, value);
  }

  @Override
  public void status(int code) {
    span.setAttribute(STATUS, (long) code);
    if (code >= errorFrom) {
      span.setAttribute(ERROR_TYPE, Integer.toString(code));
      span.setStatus(StatusCode.ERROR);
    }
  }

  @Override
  public void failed(String kind) {
    span.setAttribute(ERROR_TYPE, kind);
    span.setStatus(StatusCode.ERROR, kind);
  }

  @Override
  public void end() {
    if (!ended) {
      ended = true;
      span.end();
    }
  }

  private static final class Unrecorded implements ExchangeTrace.Step {

    @Override
    public void attribute(String key, String value) {}

    @Override
    public void status(int code) {}

    @Override
    public void failed(String kind) {}

    @Override
    public void end() {}
  }
}
