package io.mcpedge.server.reload;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of the last reload, as the admin listener shows it.
 *
 * @param generation 1 for the config the process started with, one more for every reload applied
 * @param lastSuccess when the config now serving was applied (the start, before any reload)
 * @param lastAttempt when the last reload was tried, or {@code null} when none was
 * @param lastTrigger what asked for the last reload ({@code file}, {@code SIGHUP}, {@code admin})
 * @param lastResult {@code success} or {@code failure} of the last attempt; {@code none} before
 * @param errors the problems of the last attempt when it failed (the file, the YAML path and the
 *     expectation of each), else empty
 * @param warnings parts of the serving config that were not applied and need a restart
 */
public record ReloadStatus(
    long generation,
    Instant lastSuccess,
    Instant lastAttempt,
    String lastTrigger,
    String lastResult,
    List<String> errors,
    List<String> warnings) {

  /** Builds the JSON tree; configured once, never changed. */
  private static final ObjectMapper JSON = new ObjectMapper();

  public ReloadStatus {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  static ReloadStatus started(Instant now) {
    return new ReloadStatus(1, now, null, null, "none", List.of(), List.of());
  }

  ReloadStatus succeeded(Instant now, String trigger, List<String> warnings) {
    return new ReloadStatus(generation + 1, now, now, trigger, "success", List.of(), warnings);
  }

  ReloadStatus failed(Instant now, String trigger, List<String> errors) {
    return new ReloadStatus(generation, lastSuccess, now, trigger, "failure", errors, warnings);
  }

  /** Whether the last attempt failed. */
  public boolean failedLast() {
    return "failure".equals(lastResult);
  }

  /** The status as one JSON object (the admin listener's {@code /reload}). */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("generation", generation);
    o.put("lastSuccess", lastSuccess == null ? null : lastSuccess.toString());
    o.put("lastAttempt", lastAttempt == null ? null : lastAttempt.toString());
    o.put("lastTrigger", lastTrigger);
    o.put("lastResult", lastResult);
    errors.forEach(o.putArray("errors")::add);
    warnings.forEach(o.putArray("warnings")::add);
    return o.toString() + "\n";
  }
}
