package io.mcpedge.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpedge.core.config.ByteSize;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.core.config.EndpointAddress;
import io.mcpedge.core.config.HostPort;
import io.mcpedge.server.answer.LocalAnswers;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /config}: the running configuration as JSON, in the shape of edge.yaml (durations as
 * {@code 5s}, sizes in bytes), with secrets replaced by {@link #MASK}: every key whose name ends in
 * {@code token}, {@code secret}, {@code password} or {@code apiKey} (the admin token), and every
 * header value the config holds (the values a route matches on in {@code match.headers}, and any
 * {@code headers} mapping, such as an exporter's), since a header value is often a credential.
 * Header names, addresses and everything else are shown. An unset secret stays {@code null}, so the
 * page still says whether one is configured. Rendered at each request, from the config serving
 * then.
 */
public final class ConfigEndpoint {

  /** What a secret is replaced with. */
  static final String MASK = "REDACTED";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Supplier<EdgeConfig> config;

  public ConfigEndpoint(EdgeConfig config) {
    this(() -> config);
  }

  /**
   * @param config the config serving now (a reload replaces it), rendered at each request
   */
  public ConfigEndpoint(Supplier<EdgeConfig> config) {
    this.config = config;
  }

  FullHttpResponse answer(ByteBufAllocator alloc) {
    return LocalAnswers.json(body(), alloc);
  }

  /** The JSON the page serves (for tests). */
  String body() {
    return render(config.get(), "", false).toPrettyString() + "\n";
  }

  static boolean isSecretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.endsWith("token")
        || k.endsWith("secret")
        || k.endsWith("password")
        || k.endsWith("apikey");
  }

  /**
   * @param key the name this value has in its parent (a record component or map key)
   * @param headerValues whether this value sits under a {@code headers} key, where values are
   *     header values
   */
  private static JsonNode render(Object v, String key, boolean headerValues) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof String s) {
      boolean secret = isSecretKey(key) || headerValues && !key.equals("name");
      return NODES.textNode(secret ? MASK : s);
    }
    boolean underHeaders = headerValues || key.equals("headers");
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof Integer || v instanceof Long) {
      return NODES.numberNode(((Number) v).longValue());
    }
    if (v instanceof Number n) {
      return NODES.numberNode(n.doubleValue());
    }
    if (v instanceof Enum<?> e) {
      return NODES.textNode(e.toString());
    }
    if (v instanceof Duration d) {
      return NODES.textNode(duration(d));
    }
    if (v instanceof HostPort || v instanceof EndpointAddress) {
      return NODES.textNode(v.toString()); // their edge.yaml spelling
    }
    if (v instanceof ByteSize size) {
      return NODES.numberNode(size.bytes());
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = NODES.objectNode();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = String.valueOf(e.getKey());
        o.set(k, render(e.getValue(), underHeaders ? "value" : k, underHeaders));
      }
      return o;
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = NODES.arrayNode();
      for (Object e : ordered(c)) {
        a.add(render(e, key, underHeaders));
      }
      return a;
    }
    if (v instanceof Record r) {
      ObjectNode o = NODES.objectNode();
      for (RecordComponent rc : r.getClass().getRecordComponents()) {
        o.set(rc.getName(), render(value(rc, r), rc.getName(), underHeaders));
      }
      return o;
    }
    return NODES.textNode(v.toString());
  }

  private static Object value(RecordComponent rc, Record r) {
    try {
      rc.getAccessor().setAccessible(true);
      return rc.getAccessor().invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Sets in a stable order, so that the page does not change between calls or restarts. */
  private static Collection<?> ordered(Collection<?> c) {
    if (!(c instanceof Set<?>)) {
      return c;
    }
    List<Object> l = new ArrayList<>(c);
    l.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
    return l;
  }

  /** A duration as edge.yaml writes it: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s != 0 && s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
