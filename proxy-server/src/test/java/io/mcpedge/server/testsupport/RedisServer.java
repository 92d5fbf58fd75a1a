package io.mcpedge.server.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;

/**
 * A real {@code redis-server} (the Debian package, installed by {@code
 * scripts/install-test-deps.sh}) on 127.0.0.1, on a free port, with a data directory of its own
 * that is deleted on {@link #close()}. Persistence is off; {@link #stop()} and {@link #start()}
 * restart it on the same port, empty, as a Redis that crashed and came back would be.
 */
public final class RedisServer implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final int port;
  private final Path dir;
  private final String password;
  private final int primaryPort;
  private final Tls tls;
  private Process process;

  /** A TLS-only server's certificate and key, and how the test's own connections trust it. */
  private record Tls(Path certFile, Path keyFile, SSLSocketFactory client) {}

  private RedisServer(int port, Path dir, String password, int primaryPort, Tls tls) {
    this.port = port;
    this.dir = dir;
    this.password = password;
    this.primaryPort = primaryPort;
    this.tls = tls;
  }

  /** Starts a server without a password. */
  public static RedisServer start() throws IOException, InterruptedException {
    return startWithPassword(null);
  }

  /** Starts a server that requires {@code password} ({@code requirepass}); null for none. */
  public static RedisServer startWithPassword(String password)
      throws IOException, InterruptedException {
    RedisServer server =
        new RedisServer(freePort(), Files.createTempDirectory("redis-test-"), password, 0, null);
    server.begin();
    return server;
  }

  /** Starts a server that replicates {@code primary} ({@code replicaof}), without a password. */
  public static RedisServer startReplicaOf(RedisServer primary)
      throws IOException, InterruptedException {
    RedisServer server =
        new RedisServer(
            freePort(), Files.createTempDirectory("redis-test-"), null, primary.port, null);
    server.begin();
    return server;
  }

  /**
   * Starts a server that speaks TLS only ({@code port 0}, {@code tls-port}) with {@code certFile}
   * and {@code keyFile} (PEM), without client certificates; {@link #command} connects through
   * {@code client}, a factory that trusts the certificate's CA.
   */
  public static RedisServer startTls(Path certFile, Path keyFile, SSLSocketFactory client)
      throws IOException, InterruptedException {
    RedisServer server =
        new RedisServer(
            freePort(),
            Files.createTempDirectory("redis-test-"),
            null,
            0,
            new Tls(certFile, keyFile, client));
    server.begin();
    return server;
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:port}, or {@code rediss://} for a TLS server. */
  public URI uri() {
    return URI.create((tls != null ? "rediss" : "redis") + "://127.0.0.1:" + port);
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Starts the server again on its port after {@link #stop()}; waits until it answers PING. */
  public synchronized void restart() throws IOException, InterruptedException {
    if (running()) {
      throw new IllegalStateException("redis-server on port " + port + " is running");
    }
    begin();
  }

  private synchronized void begin() throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--logfile",
                dir.resolve("redis.log").toString()));
    if (tls == null) {
      cmd.addAll(List.of("--port", Integer.toString(port)));
    } else {
      cmd.addAll(
          List.of(
              "--port",
              "0",
              "--tls-port",
              Integer.toString(port),
              "--tls-cert-file",
              tls.certFile().toString(),
              "--tls-key-file",
              tls.keyFile().toString(),
              "--tls-auth-clients",
              "no"));
    }
    if (password != null) {
      cmd.addAll(List.of("--requirepass", password));
    }
    if (primaryPort != 0) {
      cmd.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(primaryPort)));
    }
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!answersPing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String log = log();
        stop();
        throw new IllegalStateException("redis-server did not start on port " + port + ": " + log);
      }
      // Polling a port that is not open yet: a short pause between connection attempts.
      process.waitFor(20, TimeUnit.MILLISECONDS);
    }
  }

  /** Kills the server at once (SIGKILL, as a crash or a lost node); the port stays reserved. */
  public synchronized void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** The server's log so far. */
  public String log() {
    try {
      Path log = dir.resolve("redis.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(unreadable log: " + e + ")";
    }
  }

  /**
   * Sends one command and returns its reply (for assertions): a status, error or integer reply as
   * its line ({@code +OK}, {@code :3}), a bulk string as its content, a missing value as {@code
   * null}.
   */
  public String command(String... words) throws IOException {
    return command(tls != null ? tls.client() : null, port, password, words);
  }

  /** {@link #command} against any server or sentinel on 127.0.0.1 ({@code password} null: none). */
  static String command(int port, String password, String... words) throws IOException {
    return command(null, port, password, words);
  }

  private static String command(SSLSocketFactory tls, int port, String password, String... words)
      throws IOException {
    try (Socket s = tls != null ? tls.createSocket() : new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      if (password != null) {
        out.write(resp("AUTH", password));
        readLine(in);
      }
      out.write(resp(words));
      out.flush();
      String line = readLine(in);
      if (!line.startsWith("$")) {
        return line;
      }
      int length = Integer.parseInt(line.substring(1));
      if (length < 0) {
        return null;
      }
      String value = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      readLine(in);
      return value;
    }
  }

  /** The number of connected clients, the asking one not counted ({@code INFO clients}). */
  public int clients() throws IOException {
    for (String line : command("INFO", "clients").split("\r?\n")) {
      if (line.startsWith("connected_clients:")) {
        return Integer.parseInt(line.substring("connected_clients:".length()).strip()) - 1;
      }
    }
    throw new IllegalStateException("no connected_clients in INFO clients");
  }

  private boolean answersPing() {
    try {
      return command("PING").startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] resp(String... words) {
    StringBuilder b = new StringBuilder().append('*').append(words.length).append("\r\n");
    for (String w : words) {
      byte[] bytes = w.getBytes(StandardCharsets.UTF_8);
      b.append('$').append(bytes.length).append("\r\n").append(w).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() throws InterruptedException, IOException {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
