package io.mcpedge.server.tls;

import io.mcpedge.core.config.TlsConfig;
import io.mcpedge.core.config.TlsConfig.TlsCertificate;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.Mapping;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS state of one listener: the current generation of its server contexts, swapped atomically
 * when the certificate files change. The SNI handler of each new connection asks {@link #map} once,
 * so new handshakes get the new generation while open connections keep theirs. A change that does
 * not load (a truncated file, a key of another certificate) keeps the old generation, is logged
 * once per content, and shows in {@link #status()} until a good change arrives.
 *
 * <p>{@link #check()} and {@link #rotateTicketKeys()} run on the certificate watch thread; {@link
 * #map} runs on event loops and only reads a volatile field.
 */
public final class ServerTls implements Mapping<String, SslContext> {

  private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

  /** What the admin listener shows of a listener. */
  public record Status(
      String listener,
      String provider,
      List<ServerContexts.CertificateInfo> certificates,
      Instant loadedAt,
      int reloads,
      String lastError,
      Instant lastErrorAt) {}

  private final String listener;
  private final TlsConfig config;
  private final SslProvider provider;
  private final InstantSource clock;
  private final SessionTicketKeys ticketKeys = new SessionTicketKeys();
  private final List<String> paths = new ArrayList<>();
  private volatile ServerContexts current;
  private volatile Status status;
  private String loadedDigest;
  private String failedDigest;

  /**
   * Loads the files once; a listener whose certificate does not load does not start.
   *
   * @throws IllegalStateException naming the file and the problem
   */
  public ServerTls(String listener, TlsConfig config, SslProvider provider, InstantSource clock) {
    this.listener = listener;
    this.config = config;
    this.provider = provider;
    this.clock = clock;
    for (TlsCertificate c : config.certificates()) {
      paths.add(c.certFile());
      paths.add(c.keyFile());
    }
    if (config.clientCaFile() != null) {
      paths.add(config.clientCaFile());
    }
    try {
      TlsFiles files = TlsFiles.read(paths);
      install(ServerContexts.build(config, provider, files), files.digest(), 0);
    } catch (Exception e) {
      throw new IllegalStateException(
          "listeners." + listener + ".tls: cannot load the certificate: " + e.getMessage(), e);
    }
  }

  @Override
  public SslContext map(String hostname) {
    return current.map(hostname);
  }

  public TlsConfig config() {
    return config;
  }

  public Status status() {
    return status;
  }

  /**
   * Reads the files and, when their content changed and loads, makes the new contexts current.
   * Blocking file I/O: call it off the event loops.
   */
  public void check() {
    TlsFiles files;
    try {
      files = TlsFiles.read(paths);
    } catch (Exception e) {
      fail("unreadable: " + e, String.valueOf(e));
      return;
    }
    String digest = files.digest();
    if (digest.equals(loadedDigest) || digest.equals(failedDigest)) {
      return;
    }
    try {
      install(ServerContexts.build(config, provider, files), digest, status.reloads() + 1);
      log.info("listener {}: reloaded its TLS certificates {}", listener, current.certificates());
    } catch (Exception e) {
      fail(String.valueOf(e.getMessage()), digest);
    }
  }

  /** A new session-ticket key for new tickets; the previous ones still decrypt theirs. */
  public void rotateTicketKeys() {
    ticketKeys.rotate();
    ticketKeys.applyTo(current.contexts());
  }

  private void install(ServerContexts contexts, String digest, int reloads) {
    ticketKeys.applyTo(contexts.contexts());
    current = contexts;
    loadedDigest = digest;
    failedDigest = null;
    status =
        new Status(
            listener,
            TlsProviders.describe(provider),
            contexts.certificates(),
            clock.instant(),
            reloads,
            null,
            null);
  }

  private void fail(String problem, String digest) {
    if (digest.equals(failedDigest)) {
      return; // said once already for this content
    }
    failedDigest = digest;
    log.error(
        "listener {}: the changed TLS files do not load, keeping the previous certificate: {}",
        listener,
        problem);
    Status s = status;
    status =
        new Status(
            s.listener(),
            s.provider(),
            s.certificates(),
            s.loadedAt(),
            s.reloads(),
            problem,
            clock.instant());
  }
}
