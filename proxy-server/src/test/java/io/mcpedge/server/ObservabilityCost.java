package io.mcpedge.server;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.time.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the observability defaults cost per request, measured without a load generator's noise: a
 * real proxy (one event loop, as in {@code bench/}) in front of a {@link NettyOrigin} on loopback,
 * driven by blocking keep-alive clients, and the CPU time and heap bytes allocated by the proxy's
 * own threads (its event loop, the access-log writer, the span exporter's) read from the {@code
 * ThreadMXBean} before and after a measured batch of requests. The clients and the origin run in
 * the same JVM but on threads of their own, which are not counted. Allocated bytes per request are
 * exact; CPU per request moves with the machine's load, so compare variants run one after another.
 *
 * <pre>
 * java -cp ... io.mcpedge.server.ObservabilityCost VARIANT SCENARIO [REQUESTS] [CONNECTIONS]
 *   VARIANT  defaults | off | metrics | log | tracing   (observability settings)
 *   SCENARIO cache | pass                      (a per-credential cache hit, or pass-through)
 * </pre>
 *
 * {@code tracing} is the defaults plus tracing at a sampling ratio of 0.01, exporting over
 * OTLP/HTTP to a loopback port nothing listens on (the sampled spans' exports are refused): what an
 * unsampled exchange costs, which is nearly every one.
 *
 * <p>Not a test: a tool run by hand (bench/README.md, "Observability cost").
 */
public final class ObservabilityCost {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ObservabilityCost.class);

  private static final String BODY_PATH = "/tools.json";

  private ObservabilityCost() {}

  public static void main(String[] args) throws Exception {
    String variant = args.length > 0 ? args[0] : "defaults";
    String scenario = args.length > 1 ? args[1] : "cache";
    int requests = args.length > 2 ? Integer.parseInt(args[2]) : 200_000;
    int connections = args.length > 3 ? Integer.parseInt(args[3]) : 8;
    String path = ("cache".equals(scenario) ? "/cached" : "/pass") + BODY_PATH;
    Path log = Files.createTempFile("observability-cost", ".log");
    try (NettyOrigin origin = NettyOrigin.http1()) {
      EdgeServer edge =
          new EdgeServer(
              ConfigLoader.parse(config(variant, origin.port(), log), "cost.yaml", Map.of()),
              Transport.select(true),
              Scheduler.system());
      edge.start();
      try {
        int port = edge.listenerAddress("http").getPort();
        for (int round = 0; round < 3; round++) {
          drive(port, path, requests, connections); // warm-up: the JIT, the pools
        }
        Map<String, long[]> before = threads();
        long start = System.nanoTime();
        drive(port, path, requests, connections);
        long wall = System.nanoTime() - start;
        Map<String, long[]> after = threads();
        report(variant, scenario, requests, wall, before, after);
      } finally {
        edge.close();
      }
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String config(String variant, int originPort, Path log) {
    boolean tracing = variant.equals("tracing");
    boolean metrics = tracing || variant.equals("defaults") || variant.equals("metrics");
    boolean accessLog = tracing || variant.equals("defaults") || variant.equals("log");
    return "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
        + "admin:\n  address: 127.0.0.1:0\n"
        + "server:\n  ioThreads: 1\n"
        + "upstreams:\n  - name: origin\n    endpoints: [\"http://127.0.0.1:"
        + originPort
        + "\"]\n    protocol: http1\n"
        + "routes:\n"
        + "  - name: api-read\n"
        + "    match: { path: { type: PathPrefix, value: /cached } }\n"
        + "    upstream: origin\n"
        + "    timeouts: { request: 60s }\n"
        + "    cache: { mode: override, ttl: 300s, scope: per-credential }\n"
        + "  - name: default\n"
        + "    match: { path: { type: PathPrefix, value: / } }\n"
        + "    upstream: origin\n"
        + "    timeouts: { request: 60s }\n"
        + "observability:\n"
        + "  metrics: { enabled: "
        + metrics
        + " }\n"
        + "  accessLog: { enabled: "
        + accessLog
        + ", path: \""
        + log
        + "\" }\n"
        + (tracing
            ? "  tracing: { enabled: true, samplingRatio: 0.01, protocol: http/protobuf,"
                + " endpoint: \"http://127.0.0.1:"
                + refusedPort()
                + "\" }\n"
            : "");
  }

  /** A loopback port nothing listens on: one the system just handed out and took back. */
  private static int refusedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code requests} GETs over {@code connections} keep-alive connections. */
  private static void drive(int port, String path, int requests, int connections)
      throws InterruptedException {
    byte[] request =
        ("GET "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer bench-token-1\r\n"
                + "User-Agent: cost\r\n\r\n")
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
                  byte[] buf = new byte[16 * 1024];
                  for (int i = 0; i < n; i++) {
                    out.write(request);
                    readResponse(in, buf);
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

  /** Reads one response with a {@code Content-Length} body. */
  private static void readResponse(InputStream in, byte[] buf) throws IOException {
    int len = 0;
    int headEnd = -1;
    while (headEnd < 0) {
      int r = in.read(buf, len, buf.length - len);
      if (r < 0) {
        throw new IOException("closed");
      }
      len += r;
      headEnd = indexOf(buf, len);
    }
    String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
    if (!head.startsWith("HTTP/1.1 200")) {
      throw new IOException("unexpected: " + head);
    }
    int cl = head.toLowerCase().indexOf("content-length:");
    int eol = head.indexOf('\r', cl);
    int length = Integer.parseInt(head.substring(cl + 15, eol).trim());
    int remaining = length - (len - headEnd - 4);
    while (remaining > 0) {
      int r = in.read(buf, 0, Math.min(buf.length, remaining));
      if (r < 0) {
        throw new IOException("closed in body");
      }
      remaining -= r;
    }
  }

  private static int indexOf(byte[] b, int len) {
    for (int i = 3; i < len; i++) {
      if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
        return i - 3;
      }
    }
    return -1;
  }

  /** CPU nanoseconds and allocated bytes of every live thread, by name. */
  private static Map<String, long[]> threads() {
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<String, long[]> out = new HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      var info = mx.getThreadInfo(id);
      if (info != null) {
        out.put(
            info.getThreadName(),
            new long[] {mx.getThreadCpuTime(id), mx.getThreadAllocatedBytes(id)});
      }
    }
    return out;
  }

  private static void report(
      String variant,
      String scenario,
      int requests,
      long wall,
      Map<String, long[]> before,
      Map<String, long[]> after) {
    long loopCpu = 0;
    long loopBytes = 0;
    long logCpu = 0;
    long logBytes = 0;
    long traceCpu = 0;
    long traceBytes = 0;
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] b = before.getOrDefault(e.getKey(), new long[2]);
      long cpu = e.getValue()[0] - b[0];
      long bytes = e.getValue()[1] - b[1];
      if (e.getKey().startsWith("edge-io")) {
        loopCpu += cpu;
        loopBytes += bytes;
      } else if (e.getKey().startsWith("edge-access-log")) {
        logCpu += cpu;
        logBytes += bytes;
      } else if (isExporter(e.getKey())) {
        traceCpu += cpu;
        traceBytes += bytes;
      }
    }
    double n = requests;
    LOG.info(
        String.format(
            "%s %s: %d requests in %.1f s; event loop %.2f us/req %.0f B/req;"
                + " access-log writer %.2f us/req %.0f B/req; span export %.2f us/req %.0f B/req;"
                + " total %.2f us/req %.0f B/req",
            variant,
            scenario,
            requests,
            wall / 1e9,
            loopCpu / n / 1000,
            loopBytes / n,
            logCpu / n / 1000,
            logBytes / n,
            traceCpu / n / 1000,
            traceBytes / n,
            (loopCpu + logCpu + traceCpu) / n / 1000,
            (loopBytes + logBytes + traceBytes) / n));
  }

  /** The span processor's and the OTLP senders' threads. */
  private static boolean isExporter(String thread) {
    return thread.startsWith("BatchSpanProcessor")
        || thread.startsWith("otlp")
        || thread.startsWith("HttpClient");
  }
}
