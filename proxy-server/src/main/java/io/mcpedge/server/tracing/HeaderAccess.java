package io.mcpedge.server.tracing;

import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;

/**
 * How the W3C propagators read and write a request's headers. Netty's headers match names without
 * regard to case, as HTTP/1.1 requires (RFC 9110 §5.1); HTTP/2 names arrive lower-case anyway.
 */
enum HeaderAccess implements TextMapGetter<HttpHeaders>, TextMapSetter<HttpHeaders> {
  INSTANCE;

  @Override
  public Iterable<String> keys(HttpHeaders carrier) {
    return carrier.names();
  }

  @Override
  public String get(HttpHeaders carrier, String key) {
    return carrier == null ? null : carrier.get(key);
  }

  @Override
  public void set(HttpHeaders carrier, String key, String value) {
    if (carrier != null) {
      carrier.set(key, value);
    }
  }
}
