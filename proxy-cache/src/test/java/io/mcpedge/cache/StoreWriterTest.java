package io.mcpedge.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.cache.http.Fields;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoreWriterTest {

  private final TestCache t = new TestCache(1 << 20, 100);

  private StoreWriter open(String... headers) {
    LookupResult r = t.lookup(TestCache.RFC, TestCache.get("/w"));
    return t.cache.updates().openWriter(r, 200, t.withDate(headers), t.clock.millis());
  }

  private Decision lookup() {
    return t.lookup(TestCache.RFC, TestCache.get("/w")).decision();
  }

  @Test
  void chunksAreStoredOnlyAtCommit() {
    StoreWriter w = open("Cache-Control", "max-age=60");
    byte[] a = "hello ".getBytes(StandardCharsets.UTF_8);
    assertThat(w.append(a, 0, a.length)).isTrue();
    assertThat(lookup()).isEqualTo(Decision.MISS);
    ByteBuffer b = ByteBuffer.wrap("world".getBytes(StandardCharsets.UTF_8));
    assertThat(w.append(b)).isTrue();
    assertThat(b.position()).isZero();
    StoredResponse e = w.commit();
    assertThat(w.superseded()).isFalse();
    assertThat(new String(e.body().bytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");
    assertThat(lookup()).isEqualTo(Decision.FRESH_HIT);
    assertThat(w.commit()).isNull();
  }

  @Test
  void growsPastInitialCapacity() {
    StoreWriter w = open("Cache-Control", "max-age=60");
    byte[] chunk = new byte[7];
    for (int i = 0; i < 14; i++) {
      assertThat(w.append(chunk, 0, chunk.length)).isTrue();
    }
    assertThat(w.commit().body().length()).isEqualTo(98);
  }

  @Test
  void abandonsWhenLargerThanMaxObjectSize() {
    StoreWriter w = open("Cache-Control", "max-age=60");
    assertThat(w.append(new byte[60], 0, 60)).isTrue();
    assertThat(w.append(new byte[41], 0, 41)).isFalse();
    assertThat(w.isClosed()).isTrue();
    assertThat(w.append(new byte[1], 0, 1)).isFalse();
    assertThat(w.commit()).isNull();
    assertThat(lookup()).isEqualTo(Decision.MISS);
  }

  @Test
  void abandonedMidwayStoresNothing() {
    StoreWriter w = open("Cache-Control", "max-age=60");
    w.append(new byte[10], 0, 10);
    w.abandon();
    assertThat(w.commit()).isNull();
    assertThat(lookup()).isEqualTo(Decision.MISS);
  }

  @Test
  void invalidatedWhileInFlightIsSupersededNotStored() {
    StoreWriter w = open("Cache-Control", "max-age=60");
    t.clock.advanceMillis(5);
    t.cache.store().invalidate(UriNormaliser.normalise("http", "example.com", "/w"));
    w.append(new byte[3], 0, 3);
    assertThat(w.commit()).isNull();
    assertThat(w.superseded()).isTrue();
    assertThat(lookup()).isEqualTo(Decision.MISS);
  }

  @Test
  void truncatedBodyAgainstContentLengthIsNotStored() {
    StoreWriter w = open("Cache-Control", "max-age=60", "Content-Length", "10");
    w.append(new byte[9], 0, 9);
    assertThat(w.commit()).isNull();
    assertThat(lookup()).isEqualTo(Decision.MISS);
  }

  @Test
  void bodyLongerThanContentLengthIsNotStored() {
    StoreWriter w = open("Cache-Control", "max-age=60", "Content-Length", "3");
    assertThat(w.append(new byte[4], 0, 4)).isFalse();
    assertThat(w.commit()).isNull();
  }

  @Test
  void exactContentLengthNeedsNoTrimCopy() {
    StoreWriter w = open("Cache-Control", "max-age=60", "Content-Length", "5");
    w.append(new byte[] {1, 2, 3, 4, 5}, 0, 5);
    StoredResponse e = w.commit();
    assertThat(e.body().bytes()).containsExactly(1, 2, 3, 4, 5);
    assertThat(e.headers().contains("content-length")).isFalse();
  }

  @Test
  void declaredTooLargeIsRefusedUpFront() {
    assertThat(open("Cache-Control", "max-age=60", "Content-Length", "101")).isNull();
  }

  @Test
  void storedHeadersDropHopByHopAndConnectionListed() {
    StoreWriter w =
        open(
            "Cache-Control",
            "max-age=60",
            "Connection",
            "x-hop, close",
            "X-Hop",
            "1",
            "Keep-Alive",
            "5",
            "Transfer-Encoding",
            "chunked",
            "X-Keep",
            "1",
            "Age",
            "0");
    w.append(new byte[1], 0, 1);
    Fields stored = w.commit().headers();
    assertThat(stored.contains("x-hop")).isFalse();
    assertThat(stored.contains("keep-alive")).isFalse();
    assertThat(stored.contains("transfer-encoding")).isFalse();
    assertThat(stored.contains("connection")).isFalse();
    assertThat(stored.contains("age")).isFalse();
    assertThat(stored.get("x-keep")).isEqualTo("1");
  }

  @Test
  void attachmentIsSetOnce() {
    StoreWriter w = open("Cache-Control", "max-age=60");
    StoredResponse e = w.commit();
    assertThat(e.attach("encoded")).isTrue();
    assertThat(e.attach("other")).isFalse();
    assertThat(e.attachment()).isEqualTo("encoded");
  }
}
