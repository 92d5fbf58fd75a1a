package io.mcpedge.core.config;

import java.time.Duration;

/**
 * Ejection of misbehaving endpoints, as Envoy's outlier detection does it.
 *
 * @param consecutive5xx consecutive 5xx answers (or connect failures) that eject an endpoint
 * @param baseEjectionTime first ejection time; the n-th ejection lasts n times as long
 * @param maxEjectionTime ejections never last longer than this
 * @param maxEjectionPercent at most this share of endpoints is ejected at once
 */
public record OutlierDetectionConfig(
    int consecutive5xx,
    Duration baseEjectionTime,
    Duration maxEjectionTime,
    int maxEjectionPercent) {}
