package io.mcpedge.server.reload;

import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.config.ListenerConfig;
import io.mcpedge.core.config.UpstreamConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reload changes between the serving config and a new valid one: which sections are applied
 * (listeners, upstreams, routes), which need a restart and are kept as they are (the admin
 * listener, {@code server}, {@code cache}, {@code observability}, {@code redis}: they size event
 * loops and the one cache of the process, or belong to the listener the reload is asked on), which
 * upstreams keep their run-time state and which listeners keep their sockets.
 */
public final class ConfigDiff {

  private final EdgeConfig serving;
  private final EdgeConfig file;

  /**
   * @param serving the config serving now
   * @param file the new config, as loaded and validated
   */
  public ConfigDiff(EdgeConfig serving, EdgeConfig file) {
    this.serving = serving;
    this.file = file;
  }

  /**
   * The config to serve: the new listeners, upstreams and routes with the serving config's sections
   * that need a restart.
   */
  public EdgeConfig effective() {
    return new EdgeConfig(
        file.listeners(),
        serving.admin(),
        serving.server(),
        serving.cache(),
        file.upstreams(),
        file.routes(),
        serving.observability(),
        serving.redis());
  }

  /** One line for each section that changed but needs a restart to take effect. */
  public List<String> restartNeeded() {
    List<String> warnings = new ArrayList<>();
    restart(warnings, "admin", serving.admin(), file.admin(), "the admin listener and its token");
    restart(warnings, "server", serving.server(), file.server(), "event loops and codec limits");
    restart(warnings, "cache", serving.cache(), file.cache(), "the process's one cache");
    restart(
        warnings,
        "observability",
        serving.observability(),
        file.observability(),
        "the meter registry");
    restart(
        warnings, "redis", serving.redis(), file.redis(), "the Redis client and its connections");
    Map<String, String> kept = keptListeners();
    for (ListenerConfig l : file.listeners()) {
      String old = kept.get(l.name());
      if (old == null) {
        continue;
      }
      for (ListenerConfig s : serving.listeners()) {
        if (s.name().equals(old) && !Objects.equals(s.tls(), l.tls())) {
          warnings.add(
              "listeners."
                  + l.name()
                  + ".tls: changed, not applied (expected: a restart, or a new address; a kept"
                  + " listener keeps its socket and TLS settings, while its certificate files"
                  + " are re-read when they change)");
        }
      }
    }
    return warnings;
  }

  private static void restart(
      List<String> warnings, String section, Object serving, Object next, String what) {
    if (!Objects.equals(serving, next)) {
      warnings.add(
          section
              + ": changed, not applied (expected: a restart; "
              + what
              + " keep the values they started with)");
    }
  }

  /**
   * Whether the serving upstream of {@code next}'s name has exactly {@code next}'s settings, so
   * that its cluster (connection pools, endpoints, breaker, outlier and retry-budget state) is
   * kept.
   */
  public boolean keepsUpstream(UpstreamConfig next) {
    for (UpstreamConfig u : serving.upstreams()) {
      if (u.name().equals(next.name())) {
        return u.equals(next);
      }
    }
    return false;
  }

  /**
   * Which serving listener each new listener takes over, by new name: the one of the same name and
   * address, else (for a fixed port) the one of another name on the same address, a rename. New
   * listeners not in the map are bound; serving listeners not in its values are closed.
   */
  public Map<String, String> keptListeners() {
    Map<String, String> kept = new LinkedHashMap<>();
    List<ListenerConfig> left = new ArrayList<>(serving.listeners());
    for (ListenerConfig l : file.listeners()) {
      for (ListenerConfig s : left) {
        if (s.name().equals(l.name()) && s.address().equals(l.address())) {
          kept.put(l.name(), s.name());
          left.remove(s);
          break;
        }
      }
    }
    for (ListenerConfig l : file.listeners()) {
      if (kept.containsKey(l.name()) || l.address().port() == 0) {
        continue;
      }
      for (ListenerConfig s : left) {
        if (s.address().equals(l.address())) {
          kept.put(l.name(), s.name());
          left.remove(s);
          break;
        }
      }
    }
    return kept;
  }
}
