package io.mcpedge.server.replicas;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpedge.cache.InvalidationEvent;
import io.mcpedge.core.config.MatchType;
import io.mcpedge.core.config.PathMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * The text of an {@link InvalidationMessage} on the Redis channel: one JSON object, versioned, that
 * names URLs and path matches and never a credential, so that what crosses the network (and what
 * {@code MONITOR} shows) holds no secret. For example {@code
 * {"v":1,"from":"edge-0-6f1c...","kind":"urls","urls":["http://edge/v1/tools"]}}; the other kinds
 * are {@code prefix} ({@code "prefix"}), {@code ban} ({@code "regex"}) and {@code paths} ({@code
 * "origin"} and {@code "rules"}: {@code [{"type":"PathPrefix","value":"/servers"}]}).
 */
public final class InvalidationCodec {

  static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();

  private InvalidationCodec() {}

  /** The message's text. */
  public static String encode(InvalidationMessage message) {
    ObjectNode o = JSON.createObjectNode();
    o.put("v", VERSION);
    o.put("from", message.from());
    InvalidationEvent e = message.event();
    if (e instanceof InvalidationEvent.Urls u) {
      o.put("kind", "urls");
      ArrayNode urls = o.putArray("urls");
      u.uris().forEach(urls::add);
    } else if (e instanceof InvalidationEvent.Prefix p) {
      o.put("kind", "prefix");
      o.put("prefix", p.prefix());
    } else if (e instanceof InvalidationEvent.Ban b) {
      o.put("kind", "ban");
      o.put("regex", b.regex());
    } else if (e instanceof InvalidationEvent.Paths p) {
      o.put("kind", "paths");
      o.put("origin", p.origin());
      ArrayNode rules = o.putArray("rules");
      for (PathMatch m : p.matches()) {
        rules.addObject().put("type", typeName(m.type())).put("value", m.value());
      }
    } else {
      throw new IllegalArgumentException("unknown event: " + e);
    }
    return o.toString();
  }

  /**
   * The message a text carries.
   *
   * @throws IllegalArgumentException when it is not a message of this version (another release's,
   *     or garbage published on the channel), naming what is wrong
   */
  public static InvalidationMessage decode(String text) {
    JsonNode o;
    try {
      o = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not JSON (expected: one JSON object): " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    if (o.path("v").asInt(-1) != VERSION) {
      throw new IllegalArgumentException("v: " + o.get("v") + " (expected: " + VERSION + ")");
    }
    String from = text(o, "from");
    String kind = text(o, "kind");
    try {
      InvalidationEvent event =
          switch (kind) {
            case "urls" -> new InvalidationEvent.Urls(strings(o, "urls"));
            case "prefix" -> new InvalidationEvent.Prefix(text(o, "prefix"));
            case "ban" -> new InvalidationEvent.Ban(text(o, "regex"));
            case "paths" -> InvalidationEvent.Paths.of(text(o, "origin"), rules(o));
            default ->
                throw new IllegalArgumentException(
                    "kind: " + kind + " (expected: urls, prefix, ban or paths)");
          };
      return new InvalidationMessage(from, event);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "regex: " + e.getDescription() + " (expected: a Java regular expression)");
    }
  }

  private static List<PathMatch> rules(JsonNode o) {
    JsonNode rules = o.get("rules");
    if (rules == null || !rules.isArray() || rules.isEmpty()) {
      throw new IllegalArgumentException("rules: missing (expected: a non-empty array)");
    }
    List<PathMatch> out = new ArrayList<>();
    for (JsonNode r : rules) {
      out.add(new PathMatch(type(text(r, "type")), text(r, "value")));
    }
    return out;
  }

  private static List<String> strings(JsonNode o, String field) {
    JsonNode a = o.get(field);
    if (a == null || !a.isArray() || a.isEmpty()) {
      throw new IllegalArgumentException(field + ": missing (expected: a non-empty array)");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : a) {
      if (!s.isTextual()) {
        throw new IllegalArgumentException(field + ": " + s + " (expected: a string)");
      }
      out.add(s.asText());
    }
    return out;
  }

  private static String text(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new IllegalArgumentException(field + ": " + n + " (expected: a string)");
    }
    return n.asText();
  }

  /** Gateway API's spelling, as the YAML config writes it. */
  private static String typeName(MatchType t) {
    return switch (t) {
      case EXACT -> "Exact";
      case PATH_PREFIX -> "PathPrefix";
      case REGULAR_EXPRESSION -> "RegularExpression";
    };
  }

  private static MatchType type(String name) {
    for (MatchType t : MatchType.values()) {
      if (typeName(t).equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "type: " + name + " (expected: Exact, PathPrefix or RegularExpression)");
  }
}
