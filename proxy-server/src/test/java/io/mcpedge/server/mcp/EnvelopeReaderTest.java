package io.mcpedge.server.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class EnvelopeReaderTest {

  private static Envelope read(String json) throws EnvelopeException {
    ByteBuf buf = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
    try {
      return EnvelopeReader.read(buf);
    } finally {
      buf.release();
    }
  }

  @Test
  void readsTheEnvelopeAndSkipsTheArguments() throws Exception {
    Envelope e =
        read(
            """
            {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{
              "arguments":{"name":"not-this","uri":"x","nested":[{"method":"no"}]},
              "name":"search",
              "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",
                "traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "io.modelcontextprotocol/clientCapabilities":{}}}}
            """);
    assertThat(e.id()).isEqualTo("7");
    assertThat(e.method()).isEqualTo("tools/call");
    assertThat(e.name()).isEqualTo("search");
    assertThat(e.uri()).isNull();
    assertThat(e.claimedVersion()).isEqualTo("2026-07-28");
    assertThat(e.traceparent())
        .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    assertThat(e.roundTripRetry()).isFalse();
  }

  @Test
  void keepsAStringIdAsJsonText() throws Exception {
    Envelope e = read("{\"id\":\"a\\\"b\",\"jsonrpc\":\"2.0\",\"method\":\"tools/list\"}");
    assertThat(e.id()).isEqualTo("\"a\\\"b\"");
  }

  @Test
  void aNotificationHasNoId() throws Exception {
    assertThat(read("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\"}").id()).isNull();
  }

  @Test
  void readsUriCursorTaskIdAndRetries() throws Exception {
    Envelope e =
        read(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\",\"params\":{\"uri\":\"file:///a\","
                + "\"cursor\":\"c1\",\"taskId\":\"t\",\"requestState\":\"s\"}}");
    assertThat(e.uri()).isEqualTo("file:///a");
    assertThat(e.cursor()).isEqualTo("c1");
    assertThat(e.taskId()).isEqualTo("t");
    assertThat(e.roundTripRetry()).isTrue();
    assertThat(
            read("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\","
                    + "\"inputResponses\":{\"k\":{}}}}")
                .roundTripRetry())
        .isTrue();
  }

  @Test
  void readsABodyInSeveralChunks() throws Exception {
    byte[] json =
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"prompts/get\",\"params\":{\"name\":\"greet\"}}"
            .getBytes(StandardCharsets.UTF_8);
    CompositeByteBuf buf = Unpooled.compositeBuffer();
    buf.addComponent(true, Unpooled.directBuffer().writeBytes(json, 0, 10));
    buf.addComponent(true, Unpooled.directBuffer().writeBytes(json, 10, json.length - 10));
    try {
      assertThat(EnvelopeReader.read(buf).name()).isEqualTo("greet");
    } finally {
      buf.release();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"} {}",
      })
  void refusesWhatIsNotJson(String body) {
    assertThatThrownBy(() -> read(body))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.code()).isEqualTo(EnvelopeException.PARSE_ERROR));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}]",
        "{\"jsonrpc\":\"2.0\",\"id\":1}",
        "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"tools/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"tools/list\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":5}}",
        // a key read twice: the server (JSON.parse) would take the last
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\",\"method\":\"tools/call\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"a\",\"name\":\"b\"}}",
        "42",
      })
  void refusesWhatIsNotOneRequest(String body) {
    assertThatThrownBy(() -> read(body))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.code()).isEqualTo(EnvelopeException.INVALID_REQUEST));
  }
}
