package io.mcpedge.server.replicas;

import static org.awaitility.Awaitility.await;

import io.mcpedge.core.config.ConfigLoader;
import io.mcpedge.core.config.EdgeConfig;
import io.mcpedge.server.EdgeServer;
import io.mcpedge.server.channel.Transport;
import io.mcpedge.server.testsupport.ManualTicker;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several replicas of the proxy (separate {@link EdgeServer}s, each with its own cache, event loops
 * and Redis client) on 127.0.0.1, all sharing one config body, and a client that sends every
 * request with the same {@code Host} whichever replica it reaches, as clients behind one Service
 * do: the replicas then store the same URLs.
 */
final class EdgeReplicas implements AutoCloseable {

  static final String HOST = "edge.test";
  static final String TOKEN = "admin-t0ken";

  private final List<EdgeServer> servers = new ArrayList<>();

  EdgeReplicas(int count, String body) throws Exception {
    String yaml =
        "listeners: [{ name: http, address: \"127.0.0.1:0\" }]\n"
            + "admin: { address: \"127.0.0.1:0\", token: \""
            + TOKEN
            + "\" }\n"
            + "server: { ioThreads: 1 }\n"
            + body;
    EdgeConfig config = ConfigLoader.parse(yaml, "test.yaml", Map.of());
    try {
      for (int i = 0; i < count; i++) {
        EdgeServer s = new EdgeServer(config, Transport.select(true), new ManualTicker());
        servers.add(s);
        s.start();
      }
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  EdgeServer server(int i) {
    return servers.get(i);
  }

  int size() {
    return servers.size();
  }

  /** Waits until every replica's subscription is up (and its first drop is behind it). */
  void awaitSubscribed() {
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> servers.stream().allMatch(s -> s.invalidationBus().up()));
  }

  /** One answer: status line code, lowercase header names, body. */
  record Answer(int status, Map<String, String> headers, String body) {}

  /** Sends one request on a fresh connection to replica {@code i} with {@code Host: edge.test}. */
  Answer send(int i, String method, String path, String... headers) throws IOException {
    return sendTo(server(i).listenerAddress("http").getPort(), method, path, HOST, headers);
  }

  /** A POST to replica {@code i}'s admin listener with the token. */
  Answer admin(int i, String pathAndQuery) throws IOException {
    return sendTo(
        server(i).adminAddress().getPort(),
        "POST",
        pathAndQuery,
        "127.0.0.1",
        "Authorization",
        "Bearer " + TOKEN);
  }

  /** Whether replica {@code i} holds a fresh entry for the request ({@code only-if-cached}). */
  boolean cached(int i, String path, String... headers) throws IOException {
    String[] all = new String[headers.length + 2];
    System.arraycopy(headers, 0, all, 0, headers.length);
    all[headers.length] = "Cache-Control";
    all[headers.length + 1] = "only-if-cached";
    return send(i, "GET", path, all).status() == 200;
  }

  private static Answer sendTo(int port, String method, String path, String host, String... headers)
      throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      s.setSoTimeout(5000);
      StringBuilder req = new StringBuilder();
      req.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(host);
      for (int h = 0; h < headers.length; h += 2) {
        req.append("\r\n").append(headers[h]).append(": ").append(headers[h + 1]);
      }
      req.append("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      String[] lines = text.substring(0, end).split("\r\n");
      Map<String, String> fields = new java.util.HashMap<>();
      for (int l = 1; l < lines.length; l++) {
        int colon = lines[l].indexOf(':');
        fields.put(
            lines[l].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[l].substring(colon + 1).trim());
      }
      return new Answer(Integer.parseInt(lines[0].split(" ")[1]), fields, text.substring(end + 4));
    }
  }

  @Override
  public void close() {
    servers.forEach(EdgeServer::close);
  }
}
