package io.mcpedge.server;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.time.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a cache hit costs the event loop with each {@code cache.storage}, as {@link
 * ObservabilityCost} measures it: the CPU time and heap bytes of the proxy's event loop per hit,
 * read from the {@code ThreadMXBean}, with keep-alive clients on threads of their own.
 *
 * <pre>
 * java -cp ... io.mcpedge.server.StorageCost STORAGE BYTES [REQUESTS] [CONNECTIONS]
 *   STORAGE heap | direct; BYTES the body size of the cached answer (2048, 32768)
 * </pre>
 *
 * Not a test: a tool run by hand (bench/README.md, "Body storage").
 */
public final class StorageCost {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StorageCost.class);

  private StorageCost() {}

  public static void main(String[] args) throws Exception {
    String storage = args.length > 0 ? args[0] : "heap";
    int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
    int connections = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    String path = "/cached/download?bytes=" + bytes;
    try (NettyOrigin origin = NettyOrigin.http1()) {
      EdgeServer edge =
          new EdgeServer(
              ConfigLoader.parse(config(storage, origin.port()), "cost.yaml", Map.of()),
              Transport.select(true),
              Scheduler.system());
      edge.start();
      try {
        int port = edge.listenerAddress("http").getPort();
        for (int round = 0; round < 3; round++) {
          drive(port, path, requests, connections, bytes);
        }
        long[] before = loop();
        drive(port, path, requests, connections, bytes);
        long[] after = loop();
        LOG.info(
            String.format(
                Locale.ROOT,
                "%s %d B: event loop %.2f us/hit %.0f B/hit",
                storage,
                bytes,
                (after[0] - before[0]) / (double) requests / 1000,
                (after[1] - before[1]) / (double) requests));
      } finally {
        edge.close();
      }
    }
  }

  private static String config(String storage, int originPort) {
    return "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
        + "server:\n  ioThreads: 1\n"
        + "cache:\n  storage: "
        + storage
        + "\n"
        + "upstreams:\n  - name: origin\n    endpoints: [\"http://127.0.0.1:"
        + originPort
        + "\"]\n    protocol: http1\n"
        + "routes:\n"
        + "  - name: api-read\n"
        + "    match: { path: { type: PathPrefix, value: /cached } }\n"
        + "    upstream: origin\n"
        + "    cache: { mode: override, ttl: 300s, scope: per-credential }\n";
  }

  private static void drive(int port, String path, int requests, int connections, int bytes)
      throws InterruptedException {
    byte[] request =
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer bench-token-1\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    CountDownLatch done = new CountDownLatch(connections);
    AtomicLong failures = new AtomicLong();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      int n = requests / connections;
      Thread t =
          new Thread(
              () -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                  s.setTcpNoDelay(true);
                  s.setSoTimeout(10_000);
                  OutputStream out = s.getOutputStream();
                  InputStream in = s.getInputStream();
                  byte[] buf = new byte[bytes + 4096];
                  for (int i = 0; i < n; i++) {
                    out.write(request);
                    read(in, buf, bytes);
                  }
                } catch (IOException e) {
                  failures.incrementAndGet();
                  LOG.warn("client connection failed", e);
                } finally {
                  done.countDown();
                }
              },
              "cost-client-" + c);
      clients.add(t);
      t.start();
    }
    if (!done.await(10, TimeUnit.MINUTES) || failures.get() > 0) {
      throw new IllegalStateException("clients failed: " + failures.get());
    }
  }

  /** Reads one response: its head up to the blank line, then {@code bytes} of body. */
  private static void read(InputStream in, byte[] buf, int bytes) throws IOException {
    int len = 0;
    int end = -1;
    while (end < 0) {
      int r = in.read(buf, len, buf.length - len);
      if (r < 0) {
        throw new IOException("closed");
      }
      len += r;
      for (int i = 3; i < len && end < 0; i++) {
        if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
          end = i + 1;
        }
      }
    }
    if (buf[9] != '2') {
      throw new IOException("unexpected: " + new String(buf, 0, 12, StandardCharsets.ISO_8859_1));
    }
    int remaining = bytes - (len - end);
    while (remaining > 0) {
      int r = in.read(buf, 0, Math.min(buf.length, remaining));
      if (r < 0) {
        throw new IOException("closed in body");
      }
      remaining -= r;
    }
  }

  /** CPU nanoseconds and allocated bytes of the event loop threads. */
  private static long[] loop() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] out = new long[2];
    for (long id : mx.getAllThreadIds()) {
      var info = mx.getThreadInfo(id);
      if (info != null && info.getThreadName().startsWith("edge-io")) {
        out[0] += mx.getThreadCpuTime(id);
        out[1] += mx.getThreadAllocatedBytes(id);
      }
    }
    return out;
  }
}
