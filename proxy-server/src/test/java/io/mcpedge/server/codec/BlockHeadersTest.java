package io.mcpedge.server.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A hit's headers with a pre-encoded block behave, and encode, as a full header map filled with the
 * stored fields (less the excluded ones) and then the hit's own would: the encoder's bytes are
 * compared with those of a {@code DefaultHttpHeaders} given the same changes.
 */
@Timeout(10)
class BlockHeadersTest {

  private static final AsciiString[] EXCLUDED = {
    AsciiString.cached("cdn-cache-control"),
    HttpHeaderNames.CONTENT_LENGTH,
    HttpHeaderNames.AGE,
    AsciiString.cached("x-cache"),
    AsciiString.cached("cache-status")
  };

  private static HttpHeaders stored() {
    HttpHeaders h = DefaultHttpHeadersFactory.headersFactory().newHeaders();
    String[] fields = {
      "Content-Type", "application/json",
      "ETag", "\"v1\"",
      "CDN-Cache-Control", "max-age=60",
      "Cache-Control", "max-age=300",
      "Set-Cookie", "a=1",
      "Content-Length", "5",
      "Age", "7",
      "RateLimit", "origin's own",
      "Set-Cookie", "b=2",
      "Vary", "Authorization"
    };
    for (int i = 0; i < fields.length; i += 2) {
      h.add(AsciiString.of(fields[i]), AsciiString.of(fields[i + 1]));
    }
    return h;
  }

  /** What the hit did before the block: a full copy of the stored fields, less the hidden. */
  private static HttpHeaders fullCopy() {
    HttpHeaders h = DefaultHttpHeadersFactory.headersFactory().withValidation(false).newHeaders();
    h.add(stored());
    for (AsciiString name : EXCLUDED) {
      h.remove(name);
    }
    return h;
  }

  /** The hit's own fields, as {@code HitWriter} sets them. */
  private static void hit(HttpHeaders h) {
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, 5);
    h.set(HttpHeaderNames.AGE, "12");
    h.set(EXCLUDED[3], "HIT");
    h.set(EXCLUDED[4], "mcp-edge; hit; ttl=288");
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of("none", (Consumer<HttpHeaders>) h -> {}),
        Arguments.of(
            "a rate limit's fields, then the downstream's",
            (Consumer<HttpHeaders>)
                h ->
                    h.set(HeaderNames.RATE_LIMIT_POLICY, "10;w=1")
                        .set(AsciiString.cached("x-new"), "1")
                        .set(HttpHeaderNames.CONNECTION, "keep-alive")),
        Arguments.of(
            "a set of a stored name, in another case",
            (Consumer<HttpHeaders>) h -> h.set("RATELIMIT", "limit=10, remaining=9")),
        Arguments.of(
            "chained sets, the second of a stored name",
            (Consumer<HttpHeaders>)
                h -> h.set(HeaderNames.RATE_LIMIT_POLICY, "10;w=1").set("RateLimit", "r=9")),
        Arguments.of(
            "an add of a stored name",
            (Consumer<HttpHeaders>) h -> h.add(HttpHeaderNames.SET_COOKIE, "c=3")),
        Arguments.of(
            "a remove of a stored name",
            (Consumer<HttpHeaders>) h -> h.remove(HttpHeaderNames.ETAG)),
        Arguments.of(
            "a read of the whole map, then a new field",
            (Consumer<HttpHeaders>)
                h -> {
                  assertThat(h.names()).isNotEmpty();
                  h.set("Strict-Transport-Security", "max-age=1");
                }),
        Arguments.of(
            "a set of an excluded name again",
            (Consumer<HttpHeaders>) h -> h.set(HttpHeaderNames.AGE, "13")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  void encodesTheBytesAFullCopyWouldEncode(String name, Consumer<HttpHeaders> change) {
    HttpHeaders full = fullCopy();
    hit(full);
    change.accept(full);

    BlockHeaders block = new BlockHeaders(HeadBlock.of(stored(), EXCLUDED));
    hit(block);
    change.accept(block);
    block.onWire();

    assertThat(encode(block)).isEqualTo(encode(full));
    assertThat(block.size()).isEqualTo(full.size());
  }

  @Test
  void readsOfStoredNamesAreAnsweredWithoutCopyingTheBlockIn() {
    BlockHeaders h = new BlockHeaders(HeadBlock.of(stored(), EXCLUDED));
    hit(h);
    assertThat(h.get("content-type")).isEqualTo("application/json");
    assertThat(h.getAll(HttpHeaderNames.SET_COOKIE)).containsExactly("a=1", "b=2");
    assertThat(h.contains("ETAG")).isTrue();
    assertThat(h.containsValue(HttpHeaderNames.VARY, "authorization", true)).isTrue();
    assertThat(h.get("cdn-cache-control")).isNull();
    assertThat(h.get(HttpHeaderNames.AGE)).isEqualTo("12");
    assertThat(h.getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(5);
    assertThat(h.isEmpty()).isFalse();
    assertThat(h.blockApart()).isTrue();
  }

  @Test
  void readersBeforeTheWireIterateTheFieldsOneByOne() {
    HttpHeaders full = fullCopy();
    hit(full);
    BlockHeaders h = new BlockHeaders(HeadBlock.of(stored(), EXCLUDED));
    hit(h);
    assertThat(fields(h)).isEqualTo(fields(full));
    assertThat(h.blockApart()).isTrue();
  }

  @Test
  void anEmptyBlockIsAnOrdinaryMap() {
    HttpHeaders only = DefaultHttpHeadersFactory.headersFactory().newHeaders();
    only.add(HttpHeaderNames.AGE, "3");
    BlockHeaders h = new BlockHeaders(HeadBlock.of(only, EXCLUDED));
    assertThat(h.isEmpty()).isTrue();
    hit(h);
    h.onWire();
    HttpHeaders full = DefaultHttpHeadersFactory.headersFactory().newHeaders();
    hit(full);
    assertThat(encode(h)).isEqualTo(encode(full));
  }

  private static List<String> fields(HttpHeaders h) {
    List<String> out = new ArrayList<>();
    var it = h.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      out.add(e.getKey() + ": " + e.getValue());
    }
    return out;
  }

  /** What Netty's response encoder writes for a 200 with these headers and a 5-byte body. */
  private static String encode(HttpHeaders headers) {
    EmbeddedChannel ch = new EmbeddedChannel(new HttpResponseEncoder());
    ch.writeOutbound(
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK,
            Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII),
            headers,
            DefaultHttpHeadersFactory.trailersFactory().newHeaders()));
    StringBuilder out = new StringBuilder();
    for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
      out.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    assertFalse(ch.finishAndReleaseAll());
    return out.toString();
  }
}
