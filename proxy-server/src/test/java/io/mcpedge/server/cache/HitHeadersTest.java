package io.mcpedge.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HitHeadersTest {

  private static HttpHeaders block() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add(AsciiString.of("content-type"), AsciiString.of("application/json"));
    h.add(AsciiString.of("cache-control"), AsciiString.of("max-age=60"));
    h.add(AsciiString.of("vary"), AsciiString.of("Accept"));
    h.add(AsciiString.of("vary"), AsciiString.of("Authorization"));
    h.add(AsciiString.of("etag"), AsciiString.of("\"v1\""));
    return h;
  }

  private static List<String> lines(HttpHeaders h) {
    List<String> out = new ArrayList<>();
    h.iteratorCharSequence().forEachRemaining(e -> out.add(e.getKey() + ": " + e.getValue()));
    return out;
  }

  private static List<String> stringLines(HttpHeaders h) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : h) {
      out.add(e.getKey() + ": " + e.getValue());
    }
    return out;
  }

  @Test
  @DisplayName("added fields follow the stored block, which stays shared")
  void addsAfterTheBlock() {
    HttpHeaders stored = block();
    HitHeaders h = new HitHeaders(stored);
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, 12).set(HttpHeaderNames.AGE, "3");
    h.add("Vary", "Cookie");

    assertThat(h.sharesStored()).isTrue();
    assertThat(lines(h))
        .containsExactly(
            "content-type: application/json",
            "cache-control: max-age=60",
            "vary: Accept",
            "vary: Authorization",
            "etag: \"v1\"",
            "content-length: 12",
            "age: 3",
            "Vary: Cookie");
    assertThat(h.getAll("VARY")).containsExactly("Accept", "Authorization", "Cookie");
    assertThat(h.get("vary")).isEqualTo("Accept");
    assertThat(h.getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(12);
    assertThat(h.containsValue(HttpHeaderNames.VARY, "cookie", true)).isTrue();
    assertThat(h.size()).isEqualTo(8);
    assertThat(h.names()).contains("content-type", "etag", "age", "Vary");
    assertThat(lines(stored)).hasSize(5);
  }

  @Test
  @DisplayName(
      "setting or removing a stored field copies the block; the entry's block is untouched")
  void changesToStoredFieldsCopy() {
    HttpHeaders stored = block();
    List<String> before = lines(stored);
    HitHeaders h = new HitHeaders(stored);
    h.set(HttpHeaderNames.AGE, "1");
    h.set("Cache-Control", "no-cache");
    assertThat(h.sharesStored()).isFalse();
    assertThat(h.get(HttpHeaderNames.CACHE_CONTROL)).isEqualTo("no-cache");
    h.remove(HttpHeaderNames.VARY);
    assertThat(h.contains("vary")).isFalse();
    assertThat(lines(h))
        .containsExactly(
            "content-type: application/json", "etag: \"v1\"", "age: 1", "Cache-Control: no-cache");
    assertThat(lines(stored)).isEqualTo(before);
  }

  /**
   * The same random operations on a plain header set and on a hit's headers give the same answers
   * to every read, in the same order, and the stored block never changes.
   */
  @Test
  @DisplayName("behaves as one header set under random operations")
  void matchesAPlainHeaderSet() {
    String[] names = {"content-type", "Vary", "age", "x-cache", "ETAG", "x-rate", "cache-control"};
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      HttpHeaders stored = block();
      List<String> before = lines(stored);
      HttpHeaders plain = new DefaultHttpHeaders().add(stored);
      HitHeaders hit = new HitHeaders(stored);
      for (int step = 0; step < 12; step++) {
        String name = names[random.nextInt(names.length)];
        String value = "v" + random.nextInt(4);
        switch (random.nextInt(7)) {
          case 0, 1 -> {
            plain.add(name, value);
            hit.add(name, value);
          }
          case 2 -> {
            plain.set(name, value);
            hit.set(name, value);
          }
          case 3 -> {
            plain.remove(name);
            hit.remove(name);
          }
          case 4 -> {
            plain.setInt(name, step);
            hit.setInt(name, step);
          }
          case 5 -> {
            plain.set(name, List.of(value, "w"));
            hit.set(name, List.of(value, "w"));
          }
          default -> {
            plain.addInt(name, step);
            hit.addInt(name, step);
          }
        }
        for (String n : names) {
          assertThat(hit.get(n)).as(n).isEqualTo(plain.get(n));
          assertThat(hit.getAll(n)).as(n).isEqualTo(plain.getAll(n));
          assertThat(hit.contains(n)).as(n).isEqualTo(plain.contains(n));
          assertThat(hit.contains(n, "v1", true)).isEqualTo(plain.contains(n, "v1", true));
          assertThat(values(hit, n)).as(n).isEqualTo(values(plain, n));
          assertThat(hit.valueStringIterator(n)).toIterable().isEqualTo(plain.getAll(n));
        }
        assertThat(lines(hit)).isEqualTo(lines(plain));
        assertThat(stringLines(hit)).isEqualTo(stringLines(plain));
        assertThat(hit.entries()).hasSameSizeAs(plain.entries());
        assertThat(hit.size()).isEqualTo(plain.size());
        assertThat(hit.isEmpty()).isEqualTo(plain.isEmpty());
        assertThat(new java.util.HashSet<>(hit.names()))
            .isEqualTo(new java.util.HashSet<>(plain.names()));
        assertThat(lines(hit.copy())).isEqualTo(lines(plain));
      }
      assertThat(lines(stored)).isEqualTo(before);
    }
  }

  private static List<String> values(HttpHeaders h, String name) {
    List<String> out = new ArrayList<>();
    h.valueCharSequenceIterator(name).forEachRemaining(v -> out.add(v.toString()));
    return out;
  }

  @Test
  void clearForgetsTheBlockOnly() {
    HttpHeaders stored = block();
    HitHeaders h = new HitHeaders(stored);
    h.add("x-a", "1");
    h.clear();
    assertThat(h.isEmpty()).isTrue();
    assertThat(h.iteratorCharSequence().hasNext()).isFalse();
    assertThat(stored.size()).isEqualTo(5);
  }
}
