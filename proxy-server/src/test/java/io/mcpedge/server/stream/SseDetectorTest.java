package io.mcpedge.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class SseDetectorTest {

  @ParameterizedTest(name = "[{0}] is an event stream: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "text/event-stream | true",
        "TEXT/Event-Stream | true",
        "text/event-stream;charset=utf-8 | true",
        "'text/event-stream ; charset=utf-8' | true",
        "text/event-streams | false",
        "text/event-strea | false",
        "text/plain | false",
        "application/json | false",
        "'' | false",
      })
  void theMediaTypeDecidesWithParametersAllowed(String type, boolean stream) {
    assertThat(SseDetector.isEventStream(type)).isEqualTo(stream);
    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
    assertThat(SseDetector.isEventStream(res)).isEqualTo(stream);
  }

  @Test
  void anAnswerWithoutAContentTypeIsNoStream() {
    assertThat(SseDetector.isEventStream((String) null)).isFalse();
    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND);
    assertThat(SseDetector.isEventStream(res)).isFalse();
  }
}
