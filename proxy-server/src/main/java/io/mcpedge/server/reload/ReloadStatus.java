package io.mcpedge.server.reload;

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
    StringBuilder b = new StringBuilder(256);
    b.append("{\"generation\":").append(generation);
    b.append(",\"lastSuccess\":");
    string(b, lastSuccess == null ? null : lastSuccess.toString());
    b.append(",\"lastAttempt\":");
    string(b, lastAttempt == null ? null : lastAttempt.toString());
    b.append(",\"lastTrigger\":");
    string(b, lastTrigger);
    b.append(",\"lastResult\":");
    string(b, lastResult);
    b.append(",\"errors\":");
    array(b, errors);
    b.append(",\"warnings\":");
    array(b, warnings);
    return b.append("}\n").toString();
  }

  private static void array(StringBuilder b, List<String> items) {
    b.append('[');
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      string(b, items.get(i));
    }
    b.append(']');
  }

  /** A JSON string (RFC 8259 §7): quote, backslash and control characters escaped. */
  private static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    b.append('"');
  }
}
