package io.mcpedge.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Event boundaries of WHATWG HTML §9.2.5: an empty line, with CRLF, LF or CR line ends. */
@Timeout(10)
class EventBoundaryTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "data: a\\n\\n                | true",
        "data: a\\r\\n\\r\\n          | true",
        "data: a\\r\\r                | true",
        "data: a\\n\\r\\n             | true",
        "data: a\\r\\r\\n             | true",
        "data: a\\n                   | false",
        "data: a\\r\\n                | false",
        "data: a\\n\\r                | false",
        "data: a                      | false",
        ": comment\\n\\ndata: b       | false",
        "\\n\\n                       | true",
        "x\\n                         | false",
      })
  void endsAtABoundary(String escaped, boolean expected) {
    EventBoundary b = new EventBoundary();
    ByteBuf buf = Unpooled.copiedBuffer(unescape(escaped), StandardCharsets.UTF_8);
    try {
      b.update(buf);
      assertThat(buf.readerIndex()).isZero();
    } finally {
      buf.release();
    }
    assertThat(b.atBoundary()).isEqualTo(expected);
  }

  @Test
  void aBoundarySplitAcrossChunksCounts() {
    EventBoundary b = new EventBoundary();
    for (String part : new String[] {"data: a\r", "\n", "\r", "\n"}) {
      ByteBuf buf = Unpooled.copiedBuffer(part, StandardCharsets.UTF_8);
      b.update(buf);
      buf.release();
    }
    assertThat(b.atBoundary()).isTrue();
  }

  @Test
  void nothingSentYetIsABoundary() {
    assertThat(new EventBoundary().atBoundary()).isTrue();
  }

  private static String unescape(String s) {
    return s.replace("\\r", "\r").replace("\\n", "\n");
  }
}
