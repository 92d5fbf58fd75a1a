package io.mcpedge.server.exchange;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;

/** Why an exchange failed, and the status it is answered with when no response has started. */
public enum Failure {
  NO_ROUTE(HttpResponseStatus.NOT_FOUND, "no route for this request"),
  BAD_PATH(HttpResponseStatus.BAD_REQUEST, "invalid request path"),
  BAD_TARGET(HttpResponseStatus.BAD_REQUEST, "invalid request target"),
  BAD_HOST(HttpResponseStatus.BAD_REQUEST, "missing, repeated or invalid Host"),
  TOO_MANY_HEADERS(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "too many header fields"),
  REPEATED_CREDENTIAL(HttpResponseStatus.BAD_REQUEST, "repeated credential header"),
  BODY_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large"),
  NOT_A_TUNNEL(HttpResponseStatus.METHOD_NOT_ALLOWED, "CONNECT is not served here"),
  CONNECT_FAILED(HttpResponseStatus.BAD_GATEWAY, "upstream connection failed"),
  CONNECT_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream connect timeout"),
  UPSTREAM_RESET(HttpResponseStatus.BAD_GATEWAY, "upstream closed the connection"),
  UPSTREAM_PROTOCOL(HttpResponseStatus.BAD_GATEWAY, "invalid upstream response"),
  NO_ENDPOINT(HttpResponseStatus.SERVICE_UNAVAILABLE, "no upstream endpoint available"),
  UPSTREAM_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream attempt timeout"),
  OVERLOADED(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream overloaded"),
  BREAKER_OPEN(HttpResponseStatus.SERVICE_UNAVAILABLE, "circuit breaker open"),
  RATE_LIMITED(HttpResponseStatus.TOO_MANY_REQUESTS, "rate limited"),
  REQUEST_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "request timeout"),
  IDLE_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "idle timeout"),
  CLIENT_CLOSED(HttpResponseStatus.BAD_REQUEST, "client closed the connection"),
  INTERNAL(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error");

  private final HttpResponseStatus status;
  private final String reason;

  Failure(HttpResponseStatus status, String reason) {
    this.status = status;
    this.reason = reason;
  }

  /** Classifies any cause seen on an exchange. */
  public static Failure classify(Throwable cause) {
    if (cause instanceof ProxyException pe) {
      return pe.failure();
    }
    if (cause instanceof ConnectTimeoutException) {
      return CONNECT_TIMEOUT; // a timeout, as nginx answers it: 504
    }
    if (cause instanceof ConnectException) {
      return CONNECT_FAILED;
    }
    if (cause instanceof ClosedChannelException || cause instanceof IOException) {
      return UPSTREAM_RESET;
    }
    return UPSTREAM_PROTOCOL;
  }

  public HttpResponseStatus status() {
    return status;
  }

  public String reason() {
    return reason;
  }
}
