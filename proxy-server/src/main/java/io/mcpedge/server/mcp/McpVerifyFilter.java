package io.mcpedge.server.mcp;

import io.mcpedge.server.answer.JsonRpcErrors;
import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.exchange.Exchange;
import io.mcpedge.server.exchange.ExchangeFilter;
import io.mcpedge.server.exchange.ExchangeTrace;
import io.mcpedge.server.exchange.Next;
import io.mcpedge.server.exchange.RequestBody;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.util.function.ObjIntConsumer;

/**
 * Reads and verifies the JSON-RPC envelope of every 2026-07-28 MCP request on a route with {@code
 * mcp.verify}, before any policy acts on its headers (see {@link
 * io.mcpedge.server.route.RouteChains}): it waits for the whole body (at most {@code
 * server.maxRequestBodyBuffer}), reads it with {@link EnvelopeReader}, checks the standard headers
 * against it ({@link HeaderCheck}) and attaches the {@link McpCall} that the later policies read.
 *
 * <p>Requests of older revisions, unknown ones, and anything but {@code POST} pass untouched
 * ({@link RevisionClassifier}). A refused request is never forwarded; its answer is a JSON-RPC
 * error with the request's {@code id}:
 *
 * <ul>
 *   <li>headers that disagree with the body, or a required one missing: {@code 400}, {@code -32020}
 *       (HeaderMismatch, specification 2026-07-28, basic/transports);
 *   <li>a body that is not JSON: {@code 400}, {@code -32700}; valid JSON that is not one request (a
 *       batch, no method): {@code 400}, {@code -32600} (JSON-RPC 2.0 §5.1), as the SDK's server
 *       answers them;
 *   <li>a body larger than the proxy reads: {@code 413} with {@code -32600} and id {@code null}
 *       (the id is not read from a body the proxy does not hold).
 * </ul>
 *
 * <p>The body stays held, and forwarded whole: within {@code maxRequestBodyBuffer} it is
 * replayable, so the upstream attempt gets duplicates of the same chunks.
 */
public final class McpVerifyFilter implements ExchangeFilter {

  private final long maxBody;
  private final ObjIntConsumer<Exchange> onRefused;

  /**
   * @param maxBody the largest body read ({@code server.maxRequestBodyBuffer})
   * @param onRefused counts a refused request, with the JSON-RPC code it was answered with
   */
  public McpVerifyFilter(long maxBody, ObjIntConsumer<Exchange> onRefused) {
    this.maxBody = maxBody;
    this.onRefused = onRefused;
  }

  @Override
  public void filter(Exchange ex, Next next, ResponseSink sink) {
    HttpRequest req = ex.request();
    if (!HttpMethod.POST.equals(req.method())
        || RevisionClassifier.classify(req.headers()) != McpRevision.STATELESS) {
      next.proceed(ex, sink);
      return;
    }
    if (HttpUtil.getContentLength(req, -1L) > maxBody) {
      tooLarge(ex, sink);
      return;
    }
    ex.body()
        .collect(
            maxBody,
            new RequestBody.Collector() {
              @Override
              public void onComplete() {
                if (!ex.isDone()) {
                  verify(ex, next, sink);
                }
              }

              @Override
              public void onOverflow() {
                if (!ex.isDone()) {
                  tooLarge(ex, sink);
                }
              }
            });
  }

  private void verify(Exchange ex, Next next, ResponseSink sink) {
    HttpHeaders headers = ex.request().headers();
    Envelope e;
    ByteBuf body = ex.body().readHeld(ex.alloc());
    try {
      e = EnvelopeReader.read(body);
    } catch (EnvelopeException bad) {
      refuse(ex, sink, HttpResponseStatus.BAD_REQUEST, null, bad.code(), bad.getMessage());
      return;
    } finally {
      body.release();
    }
    String mismatch = HeaderCheck.mismatch(headers, e);
    if (mismatch != null) {
      refuse(
          ex,
          sink,
          HttpResponseStatus.BAD_REQUEST,
          e.id(),
          HeaderCheck.HEADER_MISMATCH,
          "Header mismatch: " + mismatch);
      return;
    }
    ex.set(McpCall.KEY, call(headers, e));
    if (e.traceparent() != null) {
      ExchangeTrace trace = ExchangeTrace.of(ex);
      if (trace != null) {
        trace.joinMessageContext(e.traceparent(), e.tracestate());
      }
    }
    next.proceed(ex, sink);
  }

  private static McpCall call(HttpHeaders headers, Envelope e) {
    String source = HeaderCheck.nameSource(e.method());
    String version = headers.get(McpHeaders.PROTOCOL_VERSION);
    return new McpCall(
        McpRevision.STATELESS,
        version == null ? "" : version.strip(),
        e.method(),
        "name".equals(source) || "taskId".equals(source) ? HeaderCheck.expectedName(e) : null,
        "uri".equals(source) ? e.uri() : null,
        e.cursor(),
        e.id(),
        e.roundTripRetry());
  }

  private void tooLarge(Exchange ex, ResponseSink sink) {
    refuse(
        ex,
        sink,
        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
        null,
        EnvelopeException.INVALID_REQUEST,
        "Invalid Request: the body is larger than the "
            + maxBody
            + " bytes the proxy reads to check an MCP request");
  }

  private void refuse(
      Exchange ex, ResponseSink sink, HttpResponseStatus status, String id, int code, String why) {
    onRefused.accept(ex, code);
    LocalAnswers.instead(ex, sink, JsonRpcErrors.answer(status, id, code, why, ex.alloc()));
  }
}
