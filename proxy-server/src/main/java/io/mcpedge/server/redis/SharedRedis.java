package io.mcpedge.server.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.mcpedge.core.config.HostPort;
import io.mcpedge.core.config.RedisConfig;
import io.mcpedge.core.config.RedisConfig.RedisPassword;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's one Redis client and its shared command connection: every user of the {@code redis}
 * section (global rate limits, cross-replica invalidation) goes through it, and {@link #close()}
 * closes the connections they opened from {@link #client()} too.
 *
 * <p>The proxy starts whether or not Redis answers: the first connection is attempted in the
 * background and retried with backoff until it succeeds, and from then on Lettuce reconnects by
 * itself. Until then, and whenever the connection is down, commands fail at once instead of being
 * queued ({@link ClientOptions.DisconnectedBehavior#REJECT_COMMANDS}), and every command carries
 * the configured {@code commandTimeout}, so that a caller's fallback takes over quickly and no
 * request waits on Redis.
 *
 * <p>Lettuce runs on small resources of its own (one I/O thread, one computation thread) rather
 * than on the proxy's event loops: Lettuce picks its channel class by its own native-transport
 * detection, which need not match the transport the proxy chose, and it shuts down the event loops
 * its provider hands it when the client closes. Replies therefore complete on Lettuce's thread;
 * callers hop back to their channel's event loop when they touch the channel.
 */
public final class SharedRedis implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SharedRedis.class);

  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 5_000;

  private final RedisConfig config;
  private final ClientResources resources;
  private final RedisClient client;
  private final RedisURI uri;
  private final CompletableFuture<StatefulRedisConnection<byte[], byte[]>> connection =
      new CompletableFuture<>();
  private volatile StatefulRedisConnection<byte[], byte[]> current;
  private volatile boolean closed;
  private LiveReplicas replicas;

  private SharedRedis(RedisConfig config) {
    this.config = config;
    this.resources =
        DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
    this.uri = uri(config);
    this.client = RedisClient.create(resources, uri);
    ClientOptions.Builder options = ClientOptions.builder();
    if (config.caFile() != null) {
      // The private CA replaces the JVM's trust store; the host name is still verified.
      options.sslOptions(
          SslOptions.builder().jdkSslProvider().trustManager(new File(config.caFile())).build());
    }
    client.setOptions(
        options
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(
                SocketOptions.builder()
                    .connectTimeout(config.connectTimeout())
                    .keepAlive(true)
                    .build())
            .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
            .build());
  }

  /** Creates the client and starts connecting in the background; never blocks. */
  public static SharedRedis start(RedisConfig config) {
    SharedRedis redis = new SharedRedis(config);
    redis.replicas = new LiveReplicas(redis);
    redis.replicas.start();
    redis.connect(MIN_BACKOFF_MS);
    return redis;
  }

  private void connect(long backoffMs) {
    if (closed) {
      return;
    }
    client
        .connectAsync(ByteArrayCodec.INSTANCE, uri)
        .whenComplete(
            (c, e) -> {
              if (e == null) {
                if (closed) {
                  c.closeAsync();
                } else {
                  current = c;
                  connection.complete(c);
                  log.info("redis: connected to {}", where());
                }
                return;
              }
              if (backoffMs == MIN_BACKOFF_MS) {
                log.warn(
                    "redis: cannot connect to {} ({}); retrying in the background", where(), e);
              }
              if (!closed) {
                resources
                    .eventExecutorGroup()
                    .schedule(
                        () -> connect(Math.min(backoffMs * 2, MAX_BACKOFF_MS)),
                        backoffMs,
                        TimeUnit.MILLISECONDS);
              }
            });
  }

  /** Whether Redis answers, and how many replicas share it. */
  public LiveReplicas replicas() {
    return replicas;
  }

  ClientResources resources() {
    return resources;
  }

  /** The section this client was made from. */
  public RedisConfig config() {
    return config;
  }

  /** The prefix of every key and channel name. */
  public String keyPrefix() {
    return config.keyPrefix();
  }

  /** How long one command may take. */
  public Duration commandTimeout() {
    return config.commandTimeout();
  }

  /** The client, to open further connections (pub/sub) on; {@link #close()} closes them. */
  public RedisClient client() {
    return client;
  }

  /** The address (and credentials) connections are opened with. */
  public RedisURI uri() {
    return uri;
  }

  /**
   * The shared command connection, completed once the first connection succeeds (it stays the same
   * object across Lettuce's reconnects). Binary keys and values.
   */
  public CompletionStage<StatefulRedisConnection<byte[], byte[]>> connection() {
    return connection;
  }

  /** The shared connection if it has been made (it may be reconnecting), else {@code null}. */
  public StatefulRedisConnection<byte[], byte[]> connectionNow() {
    return current;
  }

  private String where() {
    return config.address() != null
        ? config.address().toString()
        : "sentinel master " + config.sentinel().masterName();
  }

  /** Closes the shared connection, every connection opened from the client, and its threads. */
  @Override
  public void close() {
    replicas.close();
    closed = true;
    connection.cancel(false);
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** The Lettuce address of a config: a plain or TLS server, or a Sentinel set. */
  static RedisURI uri(RedisConfig config) {
    RedisURI.Builder b;
    if (config.address() != null) {
      int port = config.address().getPort();
      b =
          RedisURI.Builder.redis(
                  config.address().getHost(), port < 0 ? RedisURI.DEFAULT_REDIS_PORT : port)
              .withSsl(config.tls());
    } else {
      HostPort first = config.sentinel().nodes().get(0);
      b = RedisURI.Builder.sentinel(first.host(), first.port(), config.sentinel().masterName());
      for (HostPort s : config.sentinel().nodes().subList(1, config.sentinel().nodes().size())) {
        b.withSentinel(s.host(), s.port());
      }
    }
    // The URI's timeout bounds the connection handshake (HELLO, AUTH, SELECT); commands carry
    // commandTimeout through the client's TimeoutOptions.
    b.withDatabase(config.database()).withTimeout(config.connectTimeout());
    if (config.password() != null || config.username() != null) {
      b.withAuthentication(credentials(config.username(), config.password()));
    }
    RedisURI uri = b.build();
    if (config.sentinel() != null && config.sentinel().password() != null) {
      // The sentinels' own AUTH (their requirepass), apart from the primary's credentials.
      RedisCredentialsProvider sentinels = credentials(null, config.sentinel().password());
      for (RedisURI s : uri.getSentinels()) {
        s.setCredentialsProvider(sentinels);
      }
    }
    return uri;
  }

  /**
   * Credentials resolved at each connection attempt, so that a password file that a rotated Secret
   * rewrote is read again on the next reconnect.
   */
  private static RedisCredentialsProvider credentials(String username, RedisPassword password) {
    return RedisCredentialsProvider.from(
        () -> {
          if (password == null) {
            return RedisCredentials.just(username, (CharSequence) null);
          }
          String secret = password.secret();
          if (secret == null) {
            try {
              secret = Files.readString(Path.of(password.file()), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
              throw new UncheckedIOException("redis.password.file: cannot be read", e);
            }
          }
          return RedisCredentials.just(username, secret);
        });
  }
}
