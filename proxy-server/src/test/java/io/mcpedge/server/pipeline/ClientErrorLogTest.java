package io.mcpedge.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One line per interval, on a fake clock; slf4j-simple writes to System.err as it is then. */
class ClientErrorLogTest {

  private static final long MINUTE = 60_000_000_000L;

  @Test
  void theFirstErrorOfAnIntervalIsLoggedAndTheRestCounted() {
    AtomicLong now = new AtomicLong(1_000);
    ClientErrorLog errors = new ClientErrorLog(now::get, MINUTE);
    Http2Exception cause = Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "bad frame");
    List<String> lines =
        captured(
            () -> {
              for (int i = 0; i < 100; i++) {
                errors.report("c" + i, cause);
              }
              now.addAndGet(MINUTE - 1);
              errors.report("late", cause);
              now.addAndGet(1);
              errors.report("next", cause);
            });
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("c0 client protocol error").contains("bad frame");
    assertThat(lines.get(1)).contains("100 more client protocol errors in the last 60s");
    assertThat(lines.get(2)).contains("next client protocol error");
    assertThat(lines).noneMatch(l -> l.startsWith("\tat "));
  }

  private static List<String> captured(Runnable r) {
    PrintStream original = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(original);
    }
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
