package io.mcpedge.server.tracing;

import io.mcpedge.core.config.ObservabilityConfig.TracingConfig;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.export.GrpcSenderProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The OTLP span exporter for a tracing config. OTLP/HTTP goes through the JDK {@code HttpClient}
 * sender; OTLP/gRPC through {@link NettyGrpcSender}, handed to the exporter directly rather than
 * found on the class path, so the exporter's default OkHttp sender is never needed. An {@code
 * https://} collector is verified against {@code caFile} when one is set, else the JVM's trust
 * store. The exporters' own metrics are off: they would go to the global meter provider.
 */
final class OtlpExporters {

  private OtlpExporters() {}

  /**
   * @throws IllegalStateException when {@code caFile} cannot be read or holds no certificate
   */
  static SpanExporter create(TracingConfig config) {
    String endpoint = config.endpoint().toString();
    byte[] ca = config.caFile() == null ? null : read(config.caFile());
    return switch (config.protocol()) {
      case HTTP_PROTOBUF -> {
        var b = OtlpHttpSpanExporter.builder().setEndpoint(endpoint);
        if (ca != null) {
          b.setTrustedCertificates(ca);
        }
        yield b.setMeterProvider(MeterProvider::noop).build();
      }
      case GRPC -> {
        var b =
            OtlpGrpcSpanExporter.builder()
                .setEndpoint(endpoint)
                .setComponentLoader(withNettyGrpc(OtlpExporters.class.getClassLoader()));
        if (ca != null) {
          b.setTrustedCertificates(ca);
        }
        yield b.setMeterProvider(MeterProvider::noop).build();
      }
    };
  }

  private static byte[] read(String caFile) {
    try {
      return Files.readAllBytes(Path.of(caFile));
    } catch (IOException e) {
      throw new IllegalStateException(
          "observability.tracing.caFile: cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static ComponentLoader withNettyGrpc(ClassLoader classLoader) {
    ComponentLoader classPath = ComponentLoader.forClassLoader(classLoader);
    GrpcSenderProvider netty = NettyGrpcSender::new;
    return new ComponentLoader() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Iterable<T> load(Class<T> spi) {
        return spi == GrpcSenderProvider.class ? (List<T>) List.of(netty) : classPath.load(spi);
      }
    };
  }
}
