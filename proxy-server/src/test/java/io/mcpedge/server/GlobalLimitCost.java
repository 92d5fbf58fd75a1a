package io.mcpedge.server;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.testsupport.RedisServer;
import io.mcpedge.server.time.Scheduler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a {@code scope: global} rate limit costs per request against a {@code scope: local} one
 * under a flood that is mostly refused, measured without a load generator's noise: a real proxy
 * (one event loop, as in {@code bench/}) with two routes of the same limit, one local and one
 * global through a real {@code redis-server} on loopback, driven by blocking keep-alive clients in
 * this JVM. Per measured batch it prints the CPU time of the proxy's own threads (its event loop,
 * and the Redis client's threads for the global route) read from the {@code ThreadMXBean}, the
 * share of requests admitted, and the clients' latency p99. The two routes are driven in turns
 * (local, global, local, ...) after a warm-up of both, so that they see the same machine load.
 *
 * <pre>
 * java -cp ... io.mcpedge.server.GlobalLimitCost [ROUNDS] [REQUESTS] [CONNECTIONS] [RATE]
 * </pre>
 *
 * Not a test: a tool run by hand (bench/README.md, "MCP result cache and global limits").
 */
public final class GlobalLimitCost {

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(GlobalLimitCost.class);

  private GlobalLimitCost() {}

  /** What one batch of requests cost. */
  private record Batch(
      long loopNanos, long redisNanos, long admitted, long p99Nanos, long redisCommands) {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    int connections = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    try (RedisServer redis = RedisServer.start()) {
      EdgeServer edge =
          new EdgeServer(
              ConfigLoader.parse(config(redis, rate), "cost.yaml", Map.of()),
              Transport.select(true),
              Scheduler.system());
      edge.start();
      try {
        int port = edge.listenerAddress("http").getPort();
        for (int i = 0; i < 3; i++) {
          drive(port, "/local", requests, connections); // warm-up: the JIT, the pools
          drive(port, "/global", requests, connections);
        }
        List<Batch> local = new ArrayList<>();
        List<Batch> global = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
          local.add(
              report("local", requests, measure(redis, port, "/local", requests, connections)));
          global.add(
              report("global", requests, measure(redis, port, "/global", requests, connections)));
        }
        summary(local, global);
      } finally {
        edge.close();
      }
    }
  }

  private static String config(RedisServer redis, int rate) {
    String limit = "{ requestsPerSecond: " + rate + ", burst: " + Math.max(1, rate / 10);
    return "listeners:\n  - name: http\n    address: 127.0.0.1:0\n"
        + "admin:\n  address: 127.0.0.1:0\n"
        + "server:\n  ioThreads: 1\n"
        + "observability: { accessLog: { enabled: false } }\n"
        + "redis: { address: \""
        + redis.uri()
        + "\" }\n"
        + "routes:\n"
        + "  - name: local\n"
        + "    match: { path: { type: PathPrefix, value: /local } }\n"
        + "    directResponse: { status: 200, body: \"ok\" }\n"
        + "    rateLimit: "
        + limit
        + " }\n"
        + "  - name: global\n"
        + "    match: { path: { type: PathPrefix, value: /global } }\n"
        + "    directResponse: { status: 200, body: \"ok\" }\n"
        + "    rateLimit: "
        + limit
        + ", scope: global }\n";
  }

  private static Batch measure(
      RedisServer server, int port, String path, int requests, int connections)
      throws InterruptedException, IOException {
    long commands = redisCommands(server);
    Map<String, long[]> before = threads();
    long[][] latencies = new long[connections][];
    long admitted = drive(port, path, requests, connections, latencies);
    Map<String, long[]> after = threads();
    long loop = 0;
    long redis = 0;
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long cpu = e.getValue()[0] - before.getOrDefault(e.getKey(), new long[1])[0];
      if (e.getKey().startsWith("edge-io")) {
        loop += cpu;
      } else if (e.getKey().startsWith("lettuce") || e.getKey().startsWith("redis")) {
        redis += cpu;
      }
    }
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    return new Batch(
        loop, redis, admitted, all[(int) (all.length * 0.99)], redisCommands(server) - commands);
  }

  /** Commands Redis has run so far ({@code INFO commandstats}, every command's calls). */
  private static long redisCommands(RedisServer server) throws IOException {
    long sum = 0;
    for (String line : server.command("INFO", "commandstats").split("\r?\n")) {
      int at = line.indexOf("calls=");
      if (line.startsWith("cmdstat_") && at > 0) {
        sum += Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
      }
    }
    return sum;
  }

  private static Batch report(String variant, int requests, Batch b) {
    double n = requests;
    LOG.info(
        String.format(
            "%-6s event loop %.2f us/req, redis client %.2f us/req, total %.2f us/req;"
                + " admitted %.1f %%; p99 %.0f us; %d Redis commands",
            variant,
            b.loopNanos() / n / 1000,
            b.redisNanos() / n / 1000,
            (b.loopNanos() + b.redisNanos()) / n / 1000,
            100.0 * b.admitted() / n,
            b.p99Nanos() / 1000.0,
            b.redisCommands()));
    return b;
  }

  private static void summary(List<Batch> local, List<Batch> global) {
    double l = median(local.stream().mapToLong(b -> b.loopNanos() + b.redisNanos()).toArray());
    double g = median(global.stream().mapToLong(b -> b.loopNanos() + b.redisNanos()).toArray());
    double lp = median(local.stream().mapToLong(Batch::p99Nanos).toArray());
    double gp = median(global.stream().mapToLong(Batch::p99Nanos).toArray());
    LOG.info(
        String.format(
            "median CPU global/local %.2fx; median p99 global/local %.2fx", g / l, gp / lp));
  }

  private static double median(long[] v) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }

  private static void drive(int port, String path, int requests, int connections)
      throws InterruptedException {
    drive(port, path, requests, connections, new long[connections][]);
  }

  /**
   * Sends {@code requests} GETs over {@code connections} keep-alive connections; returns how many
   * were admitted and leaves each connection's latencies in {@code latencies}.
   */
  private static long drive(
      int port, String path, int requests, int connections, long[][] latencies)
      throws InterruptedException {
    byte[] request =
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: cost\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
    CountDownLatch done = new CountDownLatch(connections);
    AtomicLong failures = new AtomicLong();
    AtomicLong admitted = new AtomicLong();
    for (int c = 0; c < connections; c++) {
      int n = requests / connections;
      long[] times = new long[n];
      latencies[c] = times;
      Thread t =
          new Thread(
              () -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                  s.setTcpNoDelay(true);
                  s.setSoTimeout(10_000);
                  OutputStream out = s.getOutputStream();
                  InputStream in = s.getInputStream();
                  byte[] buf = new byte[16 * 1024];
                  long ok = 0;
                  for (int i = 0; i < n; i++) {
                    long start = System.nanoTime();
                    out.write(request);
                    if (readResponse(in, buf)) {
                      ok++;
                    }
                    times[i] = System.nanoTime() - start;
                  }
                  admitted.addAndGet(ok);
                } catch (IOException e) {
                  failures.incrementAndGet();
                  LOG.warn("client connection failed", e);
                } finally {
                  done.countDown();
                }
              },
              "cost-client-" + c);
      t.start();
    }
    if (!done.await(10, TimeUnit.MINUTES) || failures.get() > 0) {
      throw new IllegalStateException("clients failed: " + failures.get());
    }
    return admitted.get();
  }

  /** Reads one response with a {@code Content-Length} body; true for 200, false for 429. */
  private static boolean readResponse(InputStream in, byte[] buf) throws IOException {
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
    boolean ok = head.startsWith("HTTP/1.1 200");
    if (!ok && !head.startsWith("HTTP/1.1 429")) {
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
    return ok;
  }

  private static int indexOf(byte[] b, int len) {
    for (int i = 3; i < len; i++) {
      if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
        return i - 3;
      }
    }
    return -1;
  }

  /** CPU nanoseconds of every live thread, by name. */
  private static Map<String, long[]> threads() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, long[]> out = new HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      var info = mx.getThreadInfo(id);
      if (info != null) {
        out.put(info.getThreadName(), new long[] {mx.getThreadCpuTime(id)});
      }
    }
    return out;
  }
}
