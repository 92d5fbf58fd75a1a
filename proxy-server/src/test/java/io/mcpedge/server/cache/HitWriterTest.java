package io.mcpedge.server.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.cache.Body;
import io.mcpedge.cache.BodyStorage;
import io.mcpedge.cache.CacheKey;
import io.mcpedge.cache.Delivery;
import io.mcpedge.cache.StoredResponse;
import io.mcpedge.cache.Timing;
import io.mcpedge.cache.http.Fields;
import io.mcpedge.server.codec.BlockHeaders;
import io.mcpedge.server.exchange.ResponseSink;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parts of a hit's head that {@code HitWriter} makes itself. */
@Timeout(10)
class HitWriterTest {

  private static StoredResponse entry() {
    return StoredResponse.unvaried(
        CacheKey.shared("/a"),
        200,
        Fields.of(
            "Content-Type", "text/plain", "Edge-Cache-Control", "max-age=60", "ETag", "\"1\""),
        "hello".getBytes(StandardCharsets.US_ASCII),
        new Timing(0, 0, 60_000, 0, 0, false, false));
  }

  private static HitWriter writer(List<String> hidden) {
    return new HitWriter(new DirectBodies(UnpooledByteBufAllocator.DEFAULT, 0), hidden);
  }

  /** The heads written to it; bodies are released. */
  private static class Heads implements ResponseSink {
    final List<HttpResponse> heads = new ArrayList<>();

    @Override
    public void onHead(HttpResponse head) {
      heads.add(head);
    }

    @Override
    public void onContent(HttpContent chunk) {
      chunk.release();
    }

    @Override
    public void onError(Throwable cause) {
      throw new AssertionError(cause);
    }
  }

  @Test
  void anEntrysFieldsAreEncodedOnceAndEveryHttp1HitWritesThatBlock() {
    HitWriter w = writer(List.of("Edge-Cache-Control"));
    StoredResponse e = entry();
    Delivery d = new Delivery(200, e, e.headers(), 0, 5, true, null, 3, "HIT", "mcp-edge; hit");
    Heads sink = new Heads();
    w.write(sink, d, true);
    w.write(sink, d, true);
    assertThat(sink.heads).hasSize(2);
    for (HttpResponse head : sink.heads) {
      assertThat(head.headers()).isInstanceOf(BlockHeaders.class);
      assertThat(head.headers().get("content-type")).isEqualTo("text/plain");
      assertThat(head.headers().get("edge-cache-control")).as("hidden").isNull();
      assertThat(head.headers().get("content-length")).isEqualTo("5");
    }
    assertThat(w.block(e)).as("the entry's block, reused").isSameAs(w.block(e));
    // A reload's writer hides other fields: it encodes the entry again, for itself.
    assertThat(writer(List.of()).block(e)).isNotSameAs(w.block(e));
  }

  @Test
  void aDirectBodyIsWrittenAsASliceAndNotAtAllOnceFreed() {
    BodyStorage.Buffer buf = new PooledBodyStorage(UnpooledByteBufAllocator.DEFAULT).allocate(5);
    buf.write("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
    Body body = buf.seal();
    StoredResponse e =
        StoredResponse.unvaried(
            CacheKey.shared("/d"),
            200,
            Fields.of("Content-Type", "text/plain"),
            body,
            new Timing(0, 0, 60_000, 0, 0, false, false));
    Delivery range = new Delivery(206, e, e.headers(), 1, 3, true, "bytes 1-3/5", 0, "HIT", "hit");
    List<String> bodies = new ArrayList<>();
    ResponseSink sink =
        new Heads() {
          @Override
          public void onContent(HttpContent chunk) {
            bodies.add(chunk.content().toString(StandardCharsets.US_ASCII));
            chunk.release();
          }
        };
    assertThat(writer(List.of()).write(sink, range, true)).isTrue();
    assertThat(bodies).containsExactly("ell");
    body.release(); // the store let go: evicted or purged
    assertThat(writer(List.of()).write(sink, range, true)).as("served as a miss").isFalse();
    assertThat(bodies).hasSize(1);
  }

  @Test
  void http2HitsAndNotModifiedAnswersKeepTheFullMap() {
    HitWriter w = writer(List.of("Edge-Cache-Control"));
    StoredResponse e = entry();
    Heads sink = new Heads();
    w.write(sink, new Delivery(200, e, e.headers(), 0, 5, true, null, 3, "HIT", "hit"), false);
    w.write(sink, new Delivery(304, e, e.headers(), 0, 0, false, null, 3, "HIT", "hit"), true);
    assertThat(sink.heads).hasSize(2);
    for (HttpResponse head : sink.heads) {
      assertThat(head.headers()).isNotInstanceOf(BlockHeaders.class);
      assertThat(head.headers().get("etag")).isEqualTo("\"1\"");
      assertThat(head.headers().get("edge-cache-control")).isNull();
    }
  }

  @Test
  void everyAgeIsWrittenAsItsDecimalTextWhetherMadeOnceOrPerHit() {
    for (long age : new long[] {0, 1, 9, 10, 299, 899, 900, 2_592_000, Long.MAX_VALUE, -1}) {
      assertThat(HitWriter.seconds(age).toString()).isEqualTo(Long.toString(age));
    }
    for (int age = 0; age < 1000; age++) {
      assertThat(HitWriter.seconds(age).toString()).isEqualTo(Integer.toString(age));
    }
    // The first quarter hour's texts are shared.
    assertThat(HitWriter.seconds(42)).isSameAs(HitWriter.seconds(42));
  }
}
