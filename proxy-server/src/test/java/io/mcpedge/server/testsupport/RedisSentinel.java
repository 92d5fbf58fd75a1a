package io.mcpedge.server.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Redis Sentinel on 127.0.0.1, on a free port: the Debian {@code redis-server} binary run
 * with {@code --sentinel}, monitoring one primary under a name with a quorum of one. Its config
 * file and log sit in a directory of its own (Sentinel rewrites its config file as it learns the
 * topology), deleted on {@link #close()}.
 *
 * <p>Down-detection and failover timeouts are short (1 s, 2 s) so that a test that stops the
 * primary sees Sentinel react in seconds, not the production defaults of 30 s and 3 min.
 */
public final class RedisSentinel implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final int port;
  private final Path dir;
  private final Process process;
  private final String password;

  private RedisSentinel(int port, Path dir, Process process, String password) {
    this.port = port;
    this.dir = dir;
    this.process = process;
    this.password = password;
  }

  /**
   * Starts a sentinel that monitors {@code primary} under {@code masterName}; waits until it knows
   * the primary's address.
   *
   * @param primaryPassword the password Sentinel authenticates to the primary with ({@code sentinel
   *     auth-pass}), or {@code null} when the primary has none
   */
  public static RedisSentinel start(String masterName, RedisServer primary, String primaryPassword)
      throws IOException, InterruptedException {
    return start(masterName, primary, primaryPassword, null);
  }

  /**
   * As {@link #start(String, RedisServer, String)}, with the sentinel itself requiring {@code
   * sentinelPassword} ({@code requirepass}) from its clients.
   */
  public static RedisSentinel start(
      String masterName, RedisServer primary, String primaryPassword, String sentinelPassword)
      throws IOException, InterruptedException {
    int port = RedisServer.freePort();
    Path dir = Files.createTempDirectory("redis-sentinel-test-");
    StringBuilder conf =
        new StringBuilder()
            .append("port ")
            .append(port)
            .append("\nbind 127.0.0.1\ndaemonize no\n")
            .append("dir ")
            .append(dir)
            .append("\nlogfile ")
            .append(dir.resolve("sentinel.log"))
            .append("\nsentinel monitor ")
            .append(masterName)
            .append(" 127.0.0.1 ")
            .append(primary.port())
            .append(" 1\nsentinel down-after-milliseconds ")
            .append(masterName)
            .append(" 1000\nsentinel failover-timeout ")
            .append(masterName)
            .append(" 2000\n");
    if (primaryPassword != null) {
      conf.append("sentinel auth-pass ").append(masterName).append(' ').append(primaryPassword);
      conf.append('\n');
    }
    if (sentinelPassword != null) {
      conf.append("requirepass ").append(sentinelPassword).append('\n');
    }
    Path file = Files.writeString(dir.resolve("sentinel.conf"), conf);
    Process process =
        new ProcessBuilder(List.of("redis-server", file.toString(), "--sentinel"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    RedisSentinel sentinel = new RedisSentinel(port, dir, process, sentinelPassword);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!sentinel.knows(masterName)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String log = sentinel.log();
        sentinel.close();
        throw new IllegalStateException("sentinel did not start on port " + port + ": " + log);
      }
      // Polling a port that is not open yet: a short pause between connection attempts.
      process.waitFor(20, TimeUnit.MILLISECONDS);
    }
    return sentinel;
  }

  public int port() {
    return port;
  }

  /** {@code 127.0.0.1:port}, as the {@code redis.sentinel.nodes} list spells a sentinel. */
  public String node() {
    return "127.0.0.1:" + port;
  }

  /**
   * Sends one command to the sentinel (authenticated when it requires a password); the reply as
   * {@link RedisServer#command} gives it.
   */
  public String command(String... words) throws IOException {
    return RedisServer.command(port, password, words);
  }

  /** Sends one command without {@code AUTH}, whatever the sentinel requires. */
  public String commandWithoutAuth(String... words) throws IOException {
    return RedisServer.command(port, null, words);
  }

  private boolean knows(String masterName) {
    try {
      String reply = command("SENTINEL", "MASTER", masterName);
      return reply != null && !reply.startsWith("-");
    } catch (IOException e) {
      return false;
    }
  }

  /** The sentinel's log so far. */
  public String log() {
    try {
      Path log = dir.resolve("sentinel.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(unreadable log: " + e + ")";
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
