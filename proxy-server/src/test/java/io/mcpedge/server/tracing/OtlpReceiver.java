package io.mcpedge.server.tracing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test collector on loopback: decodes the export requests it receives with the OpenTelemetry
 * proto classes and keeps their spans and resources.
 */
abstract class OtlpReceiver implements AutoCloseable {

  private final List<Span> spans = new CopyOnWriteArrayList<>();
  private final List<Resource> resources = new CopyOnWriteArrayList<>();

  /** The endpoint to configure: {@code observability.tracing.endpoint}. */
  abstract String endpoint();

  /** {@code grpc} or {@code http/protobuf}. */
  abstract String protocol();

  void received(ExportTraceServiceRequest request) {
    for (ResourceSpans rs : request.getResourceSpansList()) {
      resources.add(rs.getResource());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        spans.addAll(ss.getSpansList());
      }
    }
  }

  @Override
  public abstract void close();

  List<Span> spans() {
    return List.copyOf(spans);
  }

  List<Resource> resources() {
    return List.copyOf(resources);
  }

  static String attribute(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        var v = kv.getValue();
        return switch (v.getValueCase()) {
          case STRING_VALUE -> v.getStringValue();
          case INT_VALUE -> Long.toString(v.getIntValue());
          case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
          case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
          default -> v.toString();
        };
      }
    }
    return null;
  }
}
