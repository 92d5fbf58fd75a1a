package io.mcpedge.server.testsupport;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin on 127.0.0.1 that reads each request completely (Content-Length or chunked body) and
 * then resets the connection without answering. It reports when a request head has arrived, so a
 * test can tell that the proxy started streaming a request before its body was complete.
 */
public final class ResettingOrigin implements AutoCloseable {

  private final ServerSocket server;
  private final Thread thread;
  private final AtomicInteger heads = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();

  public ResettingOrigin() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "resetting-origin");
    thread.setDaemon(true);
    thread.start();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Request heads received so far. */
  public int heads() {
    return heads.get();
  }

  /** Complete requests received (and reset) so far. */
  public int requests() {
    return requests.get();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        s.setSoTimeout(20_000);
        InputStream in = new BufferedInputStream(s.getInputStream());
        String head = readHead(in);
        if (head == null) {
          continue;
        }
        heads.incrementAndGet();
        readBody(in, head.toLowerCase());
        requests.incrementAndGet();
        s.setSoLinger(true, 0); // close with RST
      } catch (IOException e) {
        // the proxy went away or the test is over
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      sb.append((char) c);
      if (sb.length() >= 4 && sb.lastIndexOf("\r\n\r\n") == sb.length() - 4) {
        return sb.toString();
      }
    }
    return null;
  }

  private static void readBody(InputStream in, String head) throws IOException {
    int cl = head.indexOf("content-length:");
    if (cl >= 0) {
      int end = head.indexOf("\r\n", cl);
      long n = Long.parseLong(head.substring(cl + 15, end).trim());
      in.readNBytes((int) n);
    } else if (head.contains("transfer-encoding: chunked")) {
      while (true) {
        String size = readLine(in);
        int semi = size.indexOf(';');
        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          readLine(in);
          return;
        }
        in.readNBytes(n);
        readLine(in);
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    if (c < 0) {
      throw new IOException("closed");
    }
    return new String(sb.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    server.close();
    thread.join(5_000);
  }
}
