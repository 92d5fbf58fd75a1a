package io.mcpedge.server.answer;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The head of an answer a policy gave instead of the upstream (a breaker's 503). Filters below the
 * cache recognise it by type: a retry does not replay it, a breaker does not count it as an
 * upstream failure.
 */
public final class LocalResponse extends DefaultHttpResponse {

  LocalResponse(HttpResponseStatus status, HttpHeaders headers) {
    super(HttpVersion.HTTP_1_1, status, headers);
  }
}
