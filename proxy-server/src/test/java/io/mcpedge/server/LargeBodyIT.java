package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 1 GiB each way through the real jar started with {@code -Xmx128m}: bodies stream with
 * backpressure and are never aggregated. Byte counts and CRC-32 prove nothing was lost or
 * reordered.
 */
@Timeout(240)
class LargeBodyIT {

  static final long SIZE = 1L << 30;
  static final int BLOCK = 64 * 1024;

  static NettyOrigin origin;
  static ChildProxy proxy;

  @BeforeAll
  static void start() throws Exception {
    origin = NettyOrigin.http1();
    proxy = ChildProxy.serve(List.of("-Xmx128m"), origin.port());
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    origin.close();
  }

  @Test
  void oneGibibyteUpload() throws Exception {
    HttpResponse<String> res =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(uri("/upload"))
                    .timeout(Duration.ofSeconds(200))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(SIZE)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).as(proxy.log()).isEqualTo(200);
    assertThat(res.body()).isEqualTo("bytes=" + SIZE + " crc=" + Long.toHexString(expectedCrc()));
  }

  @Test
  void oneGibibyteDownload() throws Exception {
    HttpResponse<InputStream> res =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(uri("/download?bytes=" + SIZE))
                    .timeout(Duration.ofSeconds(200))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(res.statusCode()).isEqualTo(200);
    CRC32 crc = new CRC32();
    long total = 0;
    byte[] buf = new byte[BLOCK];
    try (InputStream in = res.body()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        crc.update(buf, 0, n);
        total += n;
      }
    }
    assertThat(total).as(proxy.log()).isEqualTo(SIZE);
    assertThat(crc.getValue()).isEqualTo(expectedCrc());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + proxy.port() + path);
  }

  private static long expectedCrc() {
    byte[] block = PatternStream.block();
    CRC32 crc = new CRC32();
    for (long i = 0; i < SIZE / BLOCK; i++) {
      crc.update(block);
    }
    return crc.getValue();
  }

  /** {@code size} bytes of {@link NettyOrigin#patternByte}, generated, never held in memory. */
  static final class PatternStream extends InputStream {
    private final byte[] block = block();
    private final long size;
    private long pos;

    PatternStream(long size) {
      this.size = size;
    }

    static byte[] block() {
      byte[] b = new byte[BLOCK];
      for (int i = 0; i < BLOCK; i++) {
        b[i] = (byte) NettyOrigin.patternByte(i);
      }
      return b;
    }

    @Override
    public int read() {
      return pos < size ? NettyOrigin.patternByte(pos++) : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= size) {
        return -1;
      }
      int at = (int) (pos % BLOCK);
      int n = (int) Math.min(Math.min(len, BLOCK - at), size - pos);
      System.arraycopy(block, at, b, off, n);
      pos += n;
      return n;
    }
  }
}
