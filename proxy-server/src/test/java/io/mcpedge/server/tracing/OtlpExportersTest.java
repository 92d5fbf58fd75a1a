package io.mcpedge.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.core.config.ObservabilityConfig.OtlpProtocol;
import io.mcpedge.core.config.ObservabilityConfig.TracingConfig;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The exporters against loopback collectors: a batch succeeds only when the collector took it
 * ({@code grpc-status: 0}); a refusal or an unreachable collector fails the batch, and neither
 * throws nor hangs.
 */
@Timeout(90)
class OtlpExportersTest {

  private static List<SpanData> batch;

  @BeforeAll
  static void makeSpans() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (SdkTracerProvider p =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
      p.get("test").spanBuilder("one").startSpan().end();
      p.get("test").spanBuilder("two").startSpan().end();
      batch = memory.getFinishedSpanItems(); // before close: shutting down clears the exporter
    }
    assertThat(batch).hasSize(2);
  }

  private static CompletableResultCode export(OtlpProtocol protocol, String endpoint) {
    SpanExporter e =
        OtlpExporters.create(
            new TracingConfig(true, URI.create(endpoint), protocol, 1, "t", Map.of(), null));
    try {
      return e.export(batch).join(30, TimeUnit.SECONDS); // retries back off for about 10 s
    } finally {
      e.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void grpcDeliversABatch() throws Exception {
    try (OtlpGrpcReceiver r = new OtlpGrpcReceiver()) {
      assertThat(export(OtlpProtocol.GRPC, r.endpoint()).isSuccess()).isTrue();
      assertThat(r.spans()).extracting(s -> s.getName()).containsExactly("one", "two");
    }
  }

  @Test
  void grpcRefusalFailsTheBatchWithoutRetry() throws Exception {
    try (OtlpGrpcReceiver r = new OtlpGrpcReceiver("3")) { // INVALID_ARGUMENT
      CompletableResultCode result = export(OtlpProtocol.GRPC, r.endpoint());
      assertThat(result.isDone()).isTrue();
      assertThat(result.isSuccess()).isFalse();
      assertThat(r.heads()).hasSize(1);
    }
  }

  @Test
  void grpcUnavailableIsRetriedAsThePolicySays() throws Exception {
    try (OtlpGrpcReceiver r = new OtlpGrpcReceiver("14")) { // UNAVAILABLE
      CompletableResultCode result = export(OtlpProtocol.GRPC, r.endpoint());
      assertThat(result.isDone()).isTrue();
      assertThat(result.isSuccess()).isFalse();
      assertThat(r.heads()).hasSize(RetryPolicy.getDefault().getMaxAttempts());
    }
  }

  @Test
  void anUnreachableCollectorFailsTheBatch() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    for (OtlpProtocol p : OtlpProtocol.values()) {
      String endpoint =
          "http://127.0.0.1:" + closed + (p == OtlpProtocol.GRPC ? "/" : "/v1/traces");
      CompletableResultCode result = export(p, endpoint);
      assertThat(result.isDone()).as(p.name()).isTrue();
      assertThat(result.isSuccess()).as(p.name()).isFalse();
    }
  }

  @Test
  void httpDeliversABatch() throws Exception {
    try (OtlpHttpReceiver r = new OtlpHttpReceiver()) {
      assertThat(export(OtlpProtocol.HTTP_PROTOBUF, r.endpoint()).isSuccess()).isTrue();
      assertThat(r.spans()).hasSize(2);
      assertThat(r.contentTypes()).containsOnly("application/x-protobuf");
    }
  }
}
