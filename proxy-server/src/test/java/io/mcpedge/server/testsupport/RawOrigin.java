package io.mcpedge.server.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 origin on 127.0.0.1 that writes exactly the bytes a test scripts, for answers no
 * server library would send: interim answers, bodies longer than their framing, both length fields,
 * a reset after an interim answer. Each connection has a thread of its own that reads one request
 * at a time (its head and its {@code Content-Length} or chunked body), asks the {@link Script} what
 * to send, sends it, and then keeps the connection, closes it or resets it.
 */
public final class RawOrigin implements AutoCloseable {

  /** A request as it arrived: its method, target, whole head (text) and body. */
  public record Request(String method, String target, String head, byte[] body) {
    /** The value of the first header field of this name, or {@code null}. */
    public String header(String name) {
      for (String line : head.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  /** What happens to the connection after an answer. */
  public enum After {
    KEEP,
    CLOSE,
    RESET
  }

  /** What the origin sends for one request: the parts are written and flushed one by one. */
  public record Answer(List<byte[]> parts, After after) {
    public static Answer of(String wire, After after) {
      return new Answer(List.of(wire.getBytes(StandardCharsets.ISO_8859_1)), after);
    }

    public static Answer of(String wire) {
      return of(wire, After.KEEP);
    }
  }

  /** Chooses the answer to each request. Called on the connection's thread. */
  @FunctionalInterface
  public interface Script {
    Answer answer(Request request);
  }

  private final ServerSocket server;
  private final Script script;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  public RawOrigin(Script script) throws IOException {
    this.script = script;
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "raw-origin-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** Connections accepted so far. */
  public int connections() {
    return connections.get();
  }

  /** Complete requests read so far. */
  public int requests() {
    return requests.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        open.add(s);
        Thread t = new Thread(() -> serve(s), "raw-origin-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(60_000);
      InputStream in = new BufferedInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        Request req = read(in);
        if (req == null) {
          return;
        }
        requests.incrementAndGet();
        Answer a = script.answer(req);
        for (byte[] part : a.parts()) {
          out.write(part);
          out.flush();
        }
        if (a.after() == After.RESET) {
          s.setSoLinger(true, 0);
          return;
        }
        if (a.after() == After.CLOSE) {
          s.shutdownOutput();
          in.transferTo(OutputStream.nullOutputStream()); // until the proxy closes its side
          return;
        }
      }
    } catch (IOException e) {
      // the proxy closed the connection, or the test is over
    } finally {
      open.remove(s);
    }
  }

  private static Request read(InputStream in) throws IOException {
    String head = readHead(in);
    if (head == null) {
      return null;
    }
    String[] line = head.substring(0, head.indexOf("\r\n")).split(" ");
    String lower = head.toLowerCase(Locale.ROOT);
    byte[] body;
    if (lower.contains("\r\ntransfer-encoding: chunked")) {
      body = readChunked(in);
    } else {
      int at = lower.indexOf("\r\ncontent-length:");
      int length =
          at < 0
              ? 0
              : Integer.parseInt(lower.substring(at + 17, lower.indexOf("\r\n", at + 2)).trim());
      body = in.readNBytes(length);
    }
    return new Request(line[0], line[1], head, body);
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
    return null;
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

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = readLine(in);
      int semi = size.indexOf(';');
      int n = Integer.parseInt(semi < 0 ? size : size.substring(0, semi), 16);
      if (n == 0) {
        while (!readLine(in).isEmpty()) {
          // trailer fields
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(n));
      readLine(in);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
