package io.mcpedge.server.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cheap bounded HTTP/1.1 load generator for rate-limit tests: a few keep-alive connections, each
 * on a thread of its own, send identical GETs one after the other (closed loop, no pipelining) and
 * count the statuses of the answers. Stops at a deadline or after a request budget, whichever comes
 * first. Counting is by status: 2xx admitted, 429 limited, anything else (or a dropped connection)
 * other.
 */
public final class Flood implements AutoCloseable {

  private static final int BATCH = 1;

  /** What one connection sends: to which port, and with which request. */
  public record Target(int port, String path, String authorization) {}

  private final LongAdder admitted = new LongAdder();
  private final LongAdder limited = new LongAdder();
  private final LongAdder other = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final List<Thread> threads = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private final long deadlineNanos;
  private final long budget;
  private volatile boolean stop;

  private Flood(Duration duration, long budget) {
    this.deadlineNanos = System.nanoTime() + duration.toNanos();
    this.budget = budget;
  }

  /** Starts one connection per target; runs for at most {@code duration} and {@code budget}. */
  public static Flood start(List<Target> targets, Duration duration, long budget) {
    Flood f = new Flood(duration, budget);
    for (Target t : targets) {
      Thread th = new Thread(() -> f.run(t), "flood-" + t.port());
      th.setDaemon(true);
      f.threads.add(th);
      th.start();
    }
    return f;
  }

  private void run(Target t) {
    StringBuilder one =
        new StringBuilder("GET ").append(t.path()).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    if (t.authorization() != null) {
      one.append("Authorization: ").append(t.authorization()).append("\r\n");
    }
    byte[] request = one.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    byte[] batch = new byte[request.length * BATCH];
    for (int i = 0; i < BATCH; i++) {
      System.arraycopy(request, 0, batch, i * request.length, request.length);
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", t.port()), 2000);
      s.setSoTimeout(5000);
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
      while (!stop && System.nanoTime() < deadlineNanos && sent.sum() < budget) {
        out.write(batch);
        out.flush();
        sent.add(BATCH);
        for (int i = 0; i < BATCH; i++) {
          count(readStatus(in));
        }
      }
    } catch (IOException e) {
      other.increment();
      synchronized (failures) {
        failures.add(t.port() + ": " + e);
      }
    }
  }

  private void count(int status) {
    if (status >= 200 && status < 300) {
      admitted.increment();
    } else if (status == 429) {
      limited.increment();
    } else {
      other.increment();
      synchronized (failures) {
        if (failures.size() < 20) {
          failures.add("status " + status);
        }
      }
    }
  }

  /** Reads one response: its status line, its fields, and a Content-Length body. */
  private static int readStatus(InputStream in) throws IOException {
    String status = line(in);
    int code = Integer.parseInt(status.substring(9, 12));
    long length = 0;
    String field;
    while (!(field = line(in)).isEmpty()) {
      int colon = field.indexOf(':');
      if (colon > 0 && field.substring(0, colon).equalsIgnoreCase("content-length")) {
        length = Long.parseLong(field.substring(colon + 1).strip());
      }
    }
    in.skipNBytes(length);
    return code;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder(64);
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed mid-response");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  public long admitted() {
    return admitted.sum();
  }

  public long limited() {
    return limited.sum();
  }

  /** Answers that were neither admitted nor 429, and connection failures. */
  public long other() {
    return other.sum();
  }

  public List<String> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  /** Waits for every connection to finish (they stop at the deadline on their own). */
  public void join() throws InterruptedException {
    for (Thread t : threads) {
      t.join();
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    join();
  }
}
