package io.mcpedge.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar on a small heap: a cache the heap cannot hold is refused before anything is served,
 * and a cache that fits evicts when distinct answers fill it many times over, while the process
 * keeps answering. The JVM options are the launcher's, with a smaller heap.
 */
@Timeout(120)
class CacheHeapIT {

  private static final int MIB = 1 << 20;
  private static final String ADMIN_TOKEN = "heap-admin";
  private static final List<String> SMALL_HEAP =
      List.of("-XX:+UseSerialGC", "-Xmx96m", "-Xmn8m", "-XX:+ExitOnOutOfMemoryError");

  /** {@code GET /cache/stats}, with the admin token. */
  private static String stats(HttpClient client, ChildProxy p) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.adminPort() + "/cache/stats"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** A config serving {@code /d/<n>/download} from {@code origin}, cached for everyone. */
  private static Path config(Path dir, int originPort, String cache) throws Exception {
    return Files.writeString(
        dir.resolve("edge.yaml"),
        "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
            + "admin:\n  address: 127.0.0.1:0\n  token: "
            + ADMIN_TOKEN
            + "\n"
            + "cache: "
            + cache
            + "\n"
            + "upstreams:\n  - name: origin\n    endpoints: [\"http://127.0.0.1:"
            + originPort
            + "\"]\n"
            + "routes:\n  - name: downloads\n    match: {path: {type: PathPrefix, value: /d/}}\n"
            + "    upstream: origin\n    cache: {mode: override, ttl: 10m, scope: public}\n");
  }

  @Test
  @DisplayName("--check and start-up refuse a cache the heap cannot hold, saying how to size it")
  void refusesACacheTheHeapCannotHold(@TempDir Path dir) throws Exception {
    Path edge = config(dir, 9, "{maxSize: 256Mi, maxObjectSize: 2Mi}");
    for (String[] args :
        List.of(
            new String[] {"--check", "--config", edge.toString()},
            new String[] {"--config", edge.toString()})) {
      try (ChildProxy p = ChildProxy.run(SMALL_HEAP, Map.of(), args)) {
        assertThat(p.awaitExit(Duration.ofSeconds(30))).as(p.log()).isEqualTo(1);
        assertThat(p.log())
            .contains(edge + ": cache.maxSize: 256Mi (expected: at most ")
            .containsPattern("on this heap of 9\\d\\.\\d MiB")
            .contains("raise the heap to -Xmx")
            .contains("or lower cache.maxSize")
            .doesNotContain("listener http on");
        assertThat(p.stdout()).doesNotContain("OK");
      }
    }
  }

  @Test
  @DisplayName("the built-in config fits the launcher's heap and a small container's default one")
  void builtInConfigFits() throws Exception {
    for (String heap : List.of("-Xmx256m", "-Xmx128m")) {
      try (ChildProxy p = ChildProxy.run(List.of("-XX:+UseSerialGC", heap), Map.of(), "--check")) {
        assertThat(p.awaitExit(Duration.ofSeconds(30))).as(heap + ": " + p.log()).isZero();
      }
    }
  }

  @Test
  @DisplayName("distinct 1 MiB answers filling the cache three times over: evicted, never a crash")
  void aFullCacheEvictsAndTheProxyKeepsAnswering(@TempDir Path dir) throws Exception {
    int answers = 120;
    try (NettyOrigin origin = NettyOrigin.http1();
        ChildProxy p =
            ChildProxy.ready(
                ChildProxy.run(
                    SMALL_HEAP,
                    Map.of(),
                    "--config",
                    config(dir, origin.port(), "{maxSize: 40Mi, maxObjectSize: 2Mi}")
                        .toString()))) {
      HttpClient client = Clients.http1();
      for (int i = 0; i < answers; i++) {
        HttpResponse<byte[]> res =
            client.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + p.port() + "/d/" + i + "/download?bytes=" + MIB))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).as("answer %d: %s", i, p.log()).isEqualTo(200);
        assertThat(res.body()).hasSize(MIB);
      }
      assertThat(origin.requests()).isEqualTo(answers);
      String stats = stats(client, p);
      assertThat(number(stats, "weightedSize")).isBetween(30L * MIB, 40L * MIB);
      assertThat(number(stats, "maxSize")).isEqualTo(40L * MIB);
      assertThat(number(stats, "keys")).isBetween(20L, 40L);
      assertThat(number(stats, "storing")).isZero();
      assertThat(p.process.isAlive()).isTrue();
      assertThat(p.log() + p.stdout()).doesNotContain("OutOfMemoryError");
    }
  }

  @Test
  @DisplayName("50 answers of 2 MiB stored at once would need 100 MiB: the budget lets 4 through")
  void concurrentLargeMissesStayWithinTheInFlightBudget(@TempDir Path dir) throws Exception {
    int clients = 50;
    try (StallingOrigin origin = new StallingOrigin(2 * MIB);
        ChildProxy p =
            ChildProxy.ready(
                ChildProxy.run(
                    SMALL_HEAP,
                    Map.of(),
                    "--config",
                    config(dir, origin.port(), "{maxSize: 40Mi, maxObjectSize: 2Mi}")
                        .toString()))) {
      HttpClient client = Clients.http1();
      List<CompletableFuture<HttpResponse<byte[]>>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        answers.add(
            client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.port() + "/d/" + i))
                    .timeout(Duration.ofSeconds(60))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray()));
      }
      // Every answer's head (with its Content-Length) and a first part of its body are through
      // the proxy, and the rest is held back: each would have its 2 MiB buffer now.
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> origin.stalled() == clients || !p.process.isAlive());
      assertThat(p.process.isAlive()).as(p.log() + p.stdout()).isTrue();
      String stats = stats(client, p);
      assertThat(number(stats, "storing")).isEqualTo(8L * MIB);
      origin.release();
      for (CompletableFuture<HttpResponse<byte[]>> a : answers) {
        HttpResponse<byte[]> res = a.get(60, TimeUnit.SECONDS);
        assertThat(res.statusCode()).as(p.log()).isEqualTo(200);
        assertThat(res.body()).hasSize(2 * MIB);
      }
      stats = stats(client, p);
      assertThat(number(stats, "keys")).isEqualTo(4);
      assertThat(number(stats, "storing")).isZero();
      assertThat(p.process.isAlive()).isTrue();
      assertThat(p.log() + p.stdout()).doesNotContain("OutOfMemoryError");
    }
  }

  /**
   * An origin that answers every request with a cacheable body of {@code size} bytes, sends its
   * first 64 KiB and holds the rest until {@link #release()}: one thread per connection, bounded by
   * the test's timeout.
   */
  private static final class StallingOrigin implements AutoCloseable {
    private final ServerSocket server;
    private final int size;
    private final AtomicInteger stalled = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private final List<Socket> sockets = new ArrayList<>();

    StallingOrigin(int size) throws IOException {
      this.size = size;
      this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "stalling-origin");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    int stalled() {
      return stalled.get();
    }

    void release() {
      released.countDown();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          synchronized (sockets) {
            sockets.add(s);
          }
          Thread t = new Thread(() -> serve(s), "stalling-origin-conn");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s) {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (readHead(in)) {
          out.write(
              ("HTTP/1.1 200 OK\r\nContent-Length: "
                      + size
                      + "\r\nCache-Control: max-age=600\r\n"
                      + "Content-Type: application/octet-stream\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          byte[] body = new byte[size];
          out.write(body, 0, 64 * 1024);
          out.flush();
          stalled.incrementAndGet();
          if (!released.await(60, TimeUnit.SECONDS)) {
            return;
          }
          out.write(body, 64 * 1024, size - 64 * 1024);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // the proxy closed the connection, or the test ended
      }
    }

    /** Reads a request head without a body; false at the end of the stream. */
    private static boolean readHead(InputStream in) throws IOException {
      int matched = 0;
      int b;
      while ((b = in.read()) >= 0) {
        matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        if (matched == 4) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void close() throws IOException {
      released.countDown();
      server.close();
      synchronized (sockets) {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }

  private static long number(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Long.parseLong(m.group(1));
  }
}
