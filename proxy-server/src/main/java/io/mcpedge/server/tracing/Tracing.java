package io.mcpedge.server.tracing;

import io.mcpedge.core.config.ObservabilityConfig.TracingConfig;
import io.mcpedge.server.exchange.ExchangeObserver;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.resources.ResourceBuilder;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The process's OpenTelemetry tracer provider, made from {@code observability.tracing} and owned by
 * the server (no global {@code GlobalOpenTelemetry}): a parent-based ratio sampler, the resource
 * ({@code service.name} and the configured attributes), and a batching processor whose exporter
 * runs on a thread of its own, never on an event loop. {@link #close()} flushes what is queued.
 */
public final class Tracing implements AutoCloseable {

  private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  private static final AttributeKey<String> SERVICE_VERSION =
      AttributeKey.stringKey("service.version");

  private final SdkTracerProvider provider;
  private final ExchangeTracer observer;

  /**
   * @param processor where ended spans go (a batching OTLP exporter, or an in-memory one in tests)
   * @param version the proxy's version, for {@code service.version}
   */
  public Tracing(TracingConfig config, SpanProcessor processor, String version) {
    ResourceBuilder resource = Resource.getDefault().toBuilder();
    for (Map.Entry<String, String> a : config.resourceAttributes().entrySet()) {
      resource.put(a.getKey(), a.getValue());
    }
    resource.put(SERVICE_NAME, config.serviceName());
    if (version != null && !config.resourceAttributes().containsKey("service.version")) {
      resource.put(SERVICE_VERSION, version);
    }
    this.provider =
        SdkTracerProvider.builder()
            .setResource(resource.build())
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(config.samplingRatio())))
            .addSpanProcessor(processor)
            .build();
    TextMapPropagator propagator =
        TextMapPropagator.composite(
            W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance());
    this.observer = new ExchangeTracer(provider.get("io.mcpedge.server", version), propagator);
  }

  /** Tracing that exports over OTLP as {@code config} says, in batches. */
  public static Tracing start(TracingConfig config, String version) {
    return new Tracing(
        config, BatchSpanProcessor.builder(OtlpExporters.create(config)).build(), version);
  }

  /** Starts and ends the server span of every exchange. */
  public ExchangeObserver observer() {
    return observer;
  }

  /** Exports what is queued (waiting up to 10 s) and stops the exporter. Blocks. */
  @Override
  public void close() {
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
