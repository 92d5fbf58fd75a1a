package io.mcpedge.server.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class CompactHttpHeadersTest {

  private static HttpHeaders compact() {
    return HeaderNameValidation.newFactory().newHeaders();
  }

  private static HttpHeaders reference() {
    return DefaultHttpHeadersFactory.headersFactory().newHeaders();
  }

  private static final CharSequence[] NAMES = {
    "Host",
    "host",
    HttpHeaderNames.HOST,
    "Connection",
    HttpHeaderNames.CONNECTION,
    "content-length",
    AsciiString.cached("Content-Length"),
    "X-Trace",
    "x-trace",
    "Accept",
    "Via",
  };
  private static final String[] VALUES = {
    "a", "keep-alive", "close, Upgrade", "close ,upgrade", "12", "x", "", "gzip,  br", "7"
  };

  private static List<String> fields(HttpHeaders h) {
    List<String> all = new ArrayList<>();
    Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      all.add(e.getKey() + "=" + e.getValue());
    }
    return all;
  }

  private static List<String> texts(List<Map.Entry<String, String>> entries) {
    List<String> all = new ArrayList<>();
    for (Map.Entry<String, String> e : entries) {
      all.add(e.getKey() + "=" + e.getValue());
    }
    return all;
  }

  /** Every observable answer of both maps, for every name the operations use. */
  private static void assertSame(HttpHeaders compact, HttpHeaders reference, String step) {
    assertThat(fields(compact)).as(step).isEqualTo(fields(reference));
    assertThat(compact.size()).as(step).isEqualTo(reference.size());
    assertThat(compact.isEmpty()).as(step).isEqualTo(reference.isEmpty());
    assertThat(texts(compact.entries())).as(step).isEqualTo(texts(reference.entries()));
    for (CharSequence n : NAMES) {
      String what = step + " " + n;
      assertThat(compact.get(n)).as(what).isEqualTo(reference.get(n));
      assertThat(compact.get(n.toString())).as(what).isEqualTo(reference.get(n.toString()));
      assertThat(compact.getAll(n)).as(what).isEqualTo(reference.getAll(n));
      assertThat(compact.contains(n)).as(what).isEqualTo(reference.contains(n));
      assertThat(compact.getInt(n)).as(what).isEqualTo(reference.getInt(n));
      assertThat(compact.getInt(n, -1)).as(what).isEqualTo(reference.getInt(n, -1));
      assertThat(compact.getShort(n)).as(what).isEqualTo(reference.getShort(n));
      List<String> values = new ArrayList<>();
      compact.valueCharSequenceIterator(n).forEachRemaining(v -> values.add(v.toString()));
      assertThat(values).as(what).isEqualTo(reference.getAll(n));
      for (String v : new String[] {"close", "upgrade", "Upgrade", "a", "br", "", "12"}) {
        for (boolean ignoreCase : new boolean[] {true, false}) {
          String w = what + " " + v + " " + ignoreCase;
          assertThat(compact.contains(n, v, ignoreCase))
              .as(w)
              .isEqualTo(reference.contains(n, v, ignoreCase));
          assertThat(compact.containsValue(n, v, ignoreCase))
              .as(w)
              .isEqualTo(reference.containsValue(n, v, ignoreCase));
        }
      }
    }
  }

  @Test
  void answersAsNettysDefaultHeadersDoOverRandomChanges() {
    Random random = new Random(20261130L);
    for (int round = 0; round < 200; round++) {
      HttpHeaders c = compact();
      HttpHeaders r = reference();
      for (int step = 0; step < 30; step++) {
        CharSequence name = NAMES[random.nextInt(NAMES.length)];
        String value = VALUES[random.nextInt(VALUES.length)];
        String label = "round " + round + " step " + step;
        switch (random.nextInt(9)) {
          case 0, 1, 2 -> {
            c.add(name, value);
            r.add(name, value);
          }
          case 3 -> {
            c.set(name, value);
            r.set(name, value);
          }
          case 4 -> {
            c.remove(name);
            r.remove(name);
          }
          case 5 -> {
            c.setInt(name, step);
            r.setInt(name, step);
          }
          case 6 -> {
            c.add(name.toString(), List.of(value, "b"));
            r.add(name.toString(), List.of(value, "b"));
          }
          case 7 -> {
            c.set(name, List.of(value));
            r.set(name, List.of(value));
          }
          default -> {
            c.remove(name.toString());
            r.remove(name.toString());
          }
        }
        assertSame(c, r, label);
      }
      assertSame(c.copy(), r.copy(), "copy of round " + round);
      c.clear();
      r.clear();
      assertSame(c, r, "cleared in round " + round);
    }
  }

  @Test
  void growsPastItsFirstArrayAndKeepsTheOrder() {
    HttpHeaders h = compact();
    HttpHeaders r = reference();
    for (int i = 0; i < 40; i++) {
      h.add("x-field-" + (i % 13), "v" + i);
      r.add("x-field-" + (i % 13), "v" + i);
    }
    assertSame(h, r, "forty fields");
    assertThat(h.getAll("X-FIELD-3")).containsExactly("v3", "v16", "v29");
    h.remove("x-field-3");
    assertThat(h.size()).isEqualTo(37);
    assertThat(h.names()).hasSize(12);
    assertThat(new ArrayList<>(h.names()).get(0)).isEqualTo("x-field-0");
  }

  @Test
  void refusesMalformedNamesAndValuesAsTheDefaultDoes() {
    HttpHeaders h = compact();
    for (String bad : new String[] {"bad name", "x(1)", "", "é"}) {
      assertThatThrownBy(() -> h.add(bad, "v"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> h.set(bad, "v"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> h.setInt(bad, 1))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    for (String bad : new String[] {"a\r\nx-injected: 1", "a\u0000b", "a\nb"}) {
      assertThatThrownBy(() -> h.add("x-ok", bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> reference().add("x-ok", bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> h.set("x-ok", List.of("fine", bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> h.add("x-ok", null)).isInstanceOf(NullPointerException.class);
    assertThat(h.isEmpty()).isTrue();
  }

  @Test
  void convertsValuesAsTheDefaultDoes() {
    HttpHeaders h = compact();
    HttpHeaders r = reference();
    Date when = new Date(1_700_000_000_000L);
    h.add("date", when).add("x-n", 42).addShort("x-s", (short) 7);
    r.add("date", when).add("x-n", 42).addShort("x-s", (short) 7);
    assertSame(h, r, "converted");
    assertThat(h.getTimeMillis("date")).isEqualTo(1_700_000_000_000L);
    assertThat(h.getTimeMillis("x-n")).isNull();
    assertThat(h.getTimeMillis("x-n", 5L)).isEqualTo(5L);
    assertThat(h.getShort("x-s", (short) 0)).isEqualTo((short) 7);
  }

  @Test
  void copiesAndReplacesFromOtherHeaders() {
    HttpHeaders from = reference().add("a", "1").add("b", "2").add("a", "3");
    HttpHeaders h = compact().add("z", "9");
    h.add(from);
    assertThat(fields(h)).containsExactly("z=9", "a=1", "b=2", "a=3");
    h.set(from);
    assertThat(fields(h)).containsExactly("a=1", "b=2", "a=3");
    HttpHeaders copy = h.copy();
    copy.add("c", "4");
    assertThat(h.size()).isEqualTo(3);
    assertThat(copy.size()).isEqualTo(4);
    assertThatThrownBy(() -> copy.add("bad name", "v"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(h.toString()).contains("a: 1", "b: 2");
  }
}
