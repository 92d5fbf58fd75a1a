package io.mcpedge.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.server.testsupport.RawOrigin;
import io.mcpedge.server.testsupport.RawOrigin.After;
import io.mcpedge.server.testsupport.RawOrigin.Answer;
import io.mcpedge.server.testsupport.TestEdge;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A randomised soak of the HTTP/1.1 upstream pool: thousands of requests from concurrent keep-alive
 * clients, with random methods ({@code HEAD} too), request bodies, interim answers, statuses (204,
 * 304, 404, 5xx), framings (length, chunked with trailers, close-delimited, empty) and clients that
 * go away part-way, on a plain route and (for {@code GET}) a cached one, whose misses pass through
 * the cache's store, over a pool of a few connections to a raw-socket origin. Each request carries
 * its plan in its target, so the origin writes exactly the bytes the plan says and the client
 * checks its answer byte for byte against the same plan: one misread of a reused connection shows
 * as a wrong body, a wrong {@code X-Id}, or an unexpected 502. The seed is printed with every
 * mismatch; {@code -Dsoak.seed=N} repeats a run.
 */
@Timeout(120)
class PooledConnectionSoakIT {

  private static final int CLIENTS = 8;
  private static final int REQUESTS_PER_CLIENT = 500;
  private static final int H2_REQUESTS = 2000;
  private static final int H2_IN_FLIGHT = 16;
  private static final int[] STATUSES = {200, 200, 200, 201, 204, 304, 404, 500, 503};

  /** {@code -Dsoak.interims=false} leaves interim answers out (to compare with older builds). */
  private static final boolean INTERIMS = !"false".equals(System.getProperty("soak.interims"));

  private static final String[] METHODS = {"GET", "GET", "HEAD", "POST", "DELETE"};

  enum Framing {
    LENGTH,
    CHUNKED,
    CLOSE,
    EMPTY
  }

  /** Everything about one request and its answer; encoded in the request's target. */
  record Plan(
      long id,
      String method,
      int requestBody,
      String interims,
      int status,
      Framing framing,
      int bodyLength,
      boolean abandon,
      boolean cached) {

    static Plan random(Random r, long id) {
      StringBuilder interims = new StringBuilder();
      if (r.nextInt(4) == 0 && INTERIMS) {
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
          interims.append(new char[] {'3', '0', '2'}[r.nextInt(3)]); // 103, 100, 102
        }
      }
      boolean abandon = r.nextInt(20) == 0;
      String method = METHODS[r.nextInt(METHODS.length)];
      return new Plan(
          id,
          abandon ? "GET" : method,
          method.equals("POST") ? r.nextInt(3000) : 0,
          interims.toString(),
          abandon ? 200 : STATUSES[r.nextInt(STATUSES.length)],
          abandon ? Framing.LENGTH : Framing.values()[r.nextInt(Framing.values().length)],
          abandon ? 300_000 : r.nextInt(4) == 0 ? r.nextInt(40_000) : r.nextInt(600),
          abandon,
          (abandon || method.equals("GET")) && r.nextBoolean());
    }

    String target() {
      return (cached ? "/c" : "")
          + "/soak/"
          + id
          + "?m="
          + method
          + "&rb="
          + requestBody
          + "&i="
          + interims
          + "&s="
          + status
          + "&f="
          + framing
          + "&n="
          + bodyLength
          + "&a="
          + abandon;
    }

    static Plan parse(String method, String target) {
      String[] path = target.split("\\?", 2);
      boolean cached = path[0].startsWith("/c/");
      long id = Long.parseLong(path[0].substring(path[0].indexOf("/soak/") + "/soak/".length()));
      Map<String, String> q = new HashMap<>();
      for (String kv : path[1].split("&")) {
        String[] p = kv.split("=", 2);
        q.put(p[0], p.length > 1 ? p[1] : "");
      }
      return new Plan(
          id,
          method,
          Integer.parseInt(q.get("rb")),
          q.get("i"),
          Integer.parseInt(q.get("s")),
          Framing.valueOf(q.get("f")),
          Integer.parseInt(q.get("n")),
          Boolean.parseBoolean(q.get("a")),
          cached);
    }

    /** Whether the final answer carries content (RFC 9110 §6.4.1). */
    boolean hasBody() {
      return !method.equals("HEAD") && status != 204 && status != 304;
    }

    /**
     * The content: upper-case UUIDs with nothing between them, as the answers that were misread
     * held.
     */
    byte[] body() {
      Random r = new Random(id);
      StringBuilder b = new StringBuilder(bodyLength + 36);
      while (b.length() < bodyLength) {
        b.append(new UUID(r.nextLong(), r.nextLong()).toString().toUpperCase(Locale.ROOT));
      }
      return b.substring(0, framing == Framing.EMPTY ? 0 : bodyLength)
          .getBytes(StandardCharsets.US_ASCII);
    }

    /** The interim codes the client is to see: 103 only (100 and 102 end at the proxy). */
    int forwardedInterims() {
      return (int) interims.chars().filter(c -> c == '3').count();
    }

    /** The bytes the origin sends, and what it does with the connection after them. */
    Answer answer() {
      StringBuilder head = new StringBuilder();
      for (char c : interims.toCharArray()) {
        head.append("HTTP/1.1 10").append(c).append(" Interim\r\nX-Interim: ").append(id);
        head.append("\r\n\r\n");
      }
      head.append("HTTP/1.1 ").append(status).append(" Soak\r\nX-Id: ").append(id).append("\r\n");
      byte[] body = body();
      List<byte[]> parts = new ArrayList<>();
      After after = After.KEEP;
      switch (framing) {
        case LENGTH, EMPTY -> {
          if (status != 204) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
          }
          head.append("\r\n");
          parts.add(ascii(head));
          if (hasBody()) {
            parts.add(body);
          }
        }
        case CHUNKED -> {
          if (status != 204 && status != 304) {
            head.append("Transfer-Encoding: chunked\r\n");
          }
          head.append("\r\n");
          parts.add(ascii(head));
          if (hasBody()) {
            parts.add(chunked(body));
          }
        }
        case CLOSE -> {
          head.append("\r\n");
          parts.add(ascii(head));
          if (hasBody()) {
            parts.add(body);
            after = After.CLOSE;
          }
        }
      }
      return new Answer(parts, after);
    }

    private byte[] chunked(byte[] body) {
      Random r = new Random(~id);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int at = 0;
      while (at < body.length) {
        int n = Math.min(body.length - at, 1 + r.nextInt(5000));
        out.writeBytes(ascii(Integer.toHexString(n) + "\r\n"));
        out.write(body, at, n);
        out.writeBytes(ascii("\r\n"));
        at += n;
      }
      out.writeBytes(ascii("0\r\nX-Trailer-Id: " + id + "\r\n\r\n"));
      return out.toByteArray();
    }
  }

  @Test
  void everyAnswerArrivesAsTheOriginSentItOverAFewReusedConnections() throws Exception {
    long seed = Long.getLong("soak.seed", System.nanoTime());
    ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
    AtomicInteger done = new AtomicInteger();
    try (RawOrigin origin = new RawOrigin(req -> Plan.parse(req.method(), req.target()).answer());
        TestEdge edge = edge(origin)) {
      int port = edge.uri("/").getPort();
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> runs = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Random r = new Random(seed + c);
        long base = c * 1_000_000L;
        runs.add(
            clients.submit(
                () -> {
                  runClient(port, r, base, mismatches, done);
                  return null;
                }));
      }
      for (Future<?> run : runs) {
        run.get(100, TimeUnit.SECONDS);
      }
      clients.shutdown();
      assertThat(done.get()).isEqualTo(CLIENTS * REQUESTS_PER_CLIENT);
      assertThat(mismatches)
          .as("seed %d (-Dsoak.seed=%d repeats it); %d mismatches", seed, seed, mismatches.size())
          .isEmpty();
      assertThat(origin.connections())
          .as("upstream connections for %d requests", done.get())
          .isLessThan(done.get());
    }
  }

  /** The proxy: a pool of three connections, a plain route and a cached one. */
  private static TestEdge edge(RawOrigin origin) throws Exception {
    return TestEdge.startOneLoop(
        "upstreams:\n  - name: origin\n    endpoints: [\""
            + origin.endpoint()
            + "\"]\n    pool: { maxConnections: 3, maxIdle: 3 }\n"
            + "routes:\n"
            + "  - name: cached\n    match: { path: { type: PathPrefix, value: /c/ } }\n"
            + "    upstream: origin\n    timeouts: { request: 30s }\n"
            + "    cache: { mode: override, ttl: 5m, scope: public }\n"
            + "  - name: all\n    upstream: origin\n"
            + "    timeouts: { request: 30s }\n");
  }

  /**
   * The same plans from one HTTP/2 client (the JDK's, upgrading with {@code h2c}): many streams at
   * once on few connections, a client that goes away resets its stream. The JDK client shows
   * neither interim answers nor trailers; status, {@code X-Id} and body are checked.
   */
  @Test
  void everyAnswerArrivesAsTheOriginSentItOverHttp2Streams() throws Exception {
    long seed = Long.getLong("soak.seed", System.nanoTime());
    ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (RawOrigin origin = new RawOrigin(req -> Plan.parse(req.method(), req.target()).answer());
        TestEdge edge = edge(origin)) {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_2)
              .connectTimeout(Duration.ofSeconds(5))
              .executor(threads)
              .build();
      Random r = new Random(seed);
      Semaphore inFlight = new Semaphore(H2_IN_FLIGHT);
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < H2_REQUESTS; i++) {
        Plan plan = Plan.random(r, 9_000_000L + i);
        byte[] reqBody = new byte[plan.requestBody()];
        new Random(plan.id()).nextBytes(reqBody);
        HttpRequest req =
            HttpRequest.newBuilder(edge.uri(plan.target()))
                .timeout(Duration.ofSeconds(30))
                .method(
                    plan.method(),
                    reqBody.length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(reqBody))
                .build();
        assertThat(inFlight.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
        all.add(
            client
                .sendAsync(req, HttpResponse.BodyHandlers.ofInputStream())
                .thenAccept(
                    res -> {
                      String problem = check(res, plan);
                      if (problem != null) {
                        mismatches.add(plan + ": " + problem);
                      }
                    })
                .exceptionally(
                    e -> {
                      mismatches.add(plan + ": " + e);
                      return null;
                    })
                .whenComplete((x, e) -> inFlight.release()));
      }
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(100, TimeUnit.SECONDS);
      assertThat(mismatches)
          .as("seed %d (-Dsoak.seed=%d repeats it); %d mismatches", seed, seed, mismatches.size())
          .isEmpty();
    } finally {
      threads.shutdownNow();
    }
  }

  private static String check(HttpResponse<InputStream> res, Plan plan) {
    try (InputStream in = res.body()) {
      if (res.statusCode() != plan.status()) {
        return "status " + res.statusCode() + " " + res.headers().map();
      }
      if (!res.headers().firstValue("x-id").equals(Optional.of(Long.toString(plan.id())))) {
        return "another answer's head: " + res.headers().map();
      }
      if (res.headers().firstValue("x-interim").isPresent()) {
        return "interim fields in the final head: " + res.headers().map();
      }
      if (plan.abandon()) {
        in.read(); // one byte of the body, then the client goes away: the stream is reset
        return null;
      }
      byte[] body = in.readAllBytes();
      byte[] expected = plan.hasBody() ? plan.body() : new byte[0];
      return Arrays.equals(body, expected)
          ? null
          : "body of " + body.length + " bytes differs from the " + expected.length + " sent";
    } catch (IOException e) {
      return "I/O: " + e;
    }
  }

  /** A client connection to the proxy, with its buffered input. */
  private record Conn(Socket socket, InputStream in) {
    static Conn open(int port) throws IOException {
      Socket s = new Socket("127.0.0.1", port);
      s.setSoTimeout(30_000);
      return new Conn(s, new BufferedInputStream(s.getInputStream()));
    }
  }

  private static void runClient(
      int port, Random r, long base, ConcurrentLinkedQueue<String> mismatches, AtomicInteger done)
      throws IOException {
    Conn conn = null;
    try {
      for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
        Plan plan = Plan.random(r, base + i);
        if (conn == null) {
          conn = Conn.open(port);
        }
        String problem;
        try {
          problem = exchange(conn, plan);
        } catch (IOException e) {
          problem = "I/O: " + e;
        }
        if (problem != null) {
          mismatches.add(plan + ": " + problem);
        }
        if (plan.abandon() || problem != null || r.nextInt(50) == 0) {
          conn.socket().close();
          conn = null;
        }
        done.incrementAndGet();
      }
    } finally {
      if (conn != null) {
        conn.socket().close();
      }
    }
  }

  /** One request on the client's connection; returns what was wrong with its answer, or null. */
  private static String exchange(Conn conn, Plan plan) throws IOException {
    OutputStream out = conn.socket().getOutputStream();
    byte[] reqBody = new byte[plan.requestBody()];
    new Random(plan.id()).nextBytes(reqBody);
    StringBuilder head = new StringBuilder();
    head.append(plan.method()).append(' ').append(plan.target()).append(" HTTP/1.1\r\n");
    head.append("Host: soak.test\r\n");
    boolean chunkedRequest = plan.requestBody() > 0 && plan.id() % 2 == 0;
    if (chunkedRequest) {
      head.append("Transfer-Encoding: chunked\r\n\r\n");
      out.write(ascii(head));
      out.write(ascii(Integer.toHexString(reqBody.length) + "\r\n"));
      out.write(reqBody);
      out.write(ascii("\r\n0\r\n\r\n"));
    } else {
      if (plan.requestBody() > 0) {
        head.append("Content-Length: ").append(reqBody.length).append("\r\n");
      }
      head.append("\r\n");
      out.write(ascii(head));
      out.write(reqBody);
    }
    out.flush();
    InputStream in = conn.in();
    int interims = 0;
    String res;
    while (true) {
      res = readHead(in).toLowerCase(Locale.ROOT);
      if (res.startsWith("http/1.1 1")) {
        interims++;
        continue;
      }
      break;
    }
    int status = Integer.parseInt(res.substring(9, 12));
    if (status != plan.status()) {
      return "status " + status + ", head " + res;
    }
    if (!res.contains("\r\nx-id: " + plan.id() + "\r\n")) {
      return "another answer's head: " + res;
    }
    if (res.contains("x-interim")) {
      return "interim fields in the final head: " + res;
    }
    if (interims != plan.forwardedInterims()) {
      return interims + " interim answers, expected " + plan.forwardedInterims();
    }
    if (plan.abandon()) {
      in.read(); // one byte of the body, then the client goes away
      return null;
    }
    boolean bodyless = !plan.hasBody();
    byte[] body;
    String trailers = "";
    if (bodyless) {
      body = new byte[0];
    } else if (res.contains("\r\ncontent-length:")) {
      int at = res.indexOf("\r\ncontent-length:");
      int n = Integer.parseInt(res.substring(at + 17, res.indexOf("\r\n", at + 2)).trim());
      body = in.readNBytes(n);
    } else if (res.contains("\r\ntransfer-encoding: chunked")) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      trailers = readChunked(in, b);
      body = b.toByteArray();
    } else {
      return "no framing: " + res;
    }
    byte[] expected = bodyless ? new byte[0] : plan.body();
    if (!Arrays.equals(body, expected)) {
      return "body of "
          + body.length
          + " bytes differs from the "
          + expected.length
          + " sent: "
          + new String(body, 0, Math.min(body.length, 120), StandardCharsets.ISO_8859_1);
    }
    if (plan.framing() == Framing.CHUNKED
        && !bodyless
        && !trailers.toLowerCase(Locale.ROOT).contains("x-trailer-id: " + plan.id())) {
      return "trailers missing: [" + trailers + "]";
    }
    return null;
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int last4 = 0;
    int c;
    while ((c = in.read()) >= 0) {
      b.write(c);
      last4 = last4 << 8 | c;
      if (last4 == 0x0d0a0d0a) {
        return b.toString(StandardCharsets.ISO_8859_1);
      }
    }
    throw new IOException("closed before a head ended: " + b);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        return line.toString().strip();
      }
      line.append((char) c);
    }
    throw new IOException("closed inside a chunked body");
  }

  /** Reads a chunked body into {@code body}; returns its trailer section. */
  private static String readChunked(InputStream in, ByteArrayOutputStream body) throws IOException {
    while (true) {
      String size = readLine(in);
      int n = Integer.parseInt(size.split(";")[0], 16);
      if (n == 0) {
        StringBuilder trailers = new StringBuilder();
        for (String t; !(t = readLine(in)).isEmpty(); ) {
          trailers.append(t).append('\n');
        }
        return trailers.toString();
      }
      body.write(in.readNBytes(n));
      readLine(in);
    }
  }

  private static byte[] ascii(CharSequence s) {
    return s.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
