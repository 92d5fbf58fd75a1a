package io.mcpedge.server.tls;

import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.SslContext;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;

/**
 * Session-ticket keys of one listener (RFC 5077 §4, RFC 8446 §4.6.1) for BoringSSL contexts: a new
 * key encrypts the tickets issued after each rotation, and the two keys before it still decrypt the
 * tickets they issued, so a resumed session survives two rotations. The keys are random per process
 * and never written anywhere: replicas do not share tickets, and a restart forgets them. Rotation
 * runs on the certificate watch thread; BoringSSL swaps the keys under its own lock.
 */
public final class SessionTicketKeys {

  private static final int KEPT = 3;

  private final SecureRandom random = new SecureRandom();
  private final Deque<OpenSslSessionTicketKey> keys = new ArrayDeque<>();

  public SessionTicketKeys() {
    rotate();
  }

  /** Makes a new key the encrypting one; the oldest beyond three is forgotten. */
  public synchronized void rotate() {
    keys.addFirst(
        new OpenSslSessionTicketKey(
            bytes(OpenSslSessionTicketKey.NAME_SIZE),
            bytes(OpenSslSessionTicketKey.HMAC_KEY_SIZE),
            bytes(OpenSslSessionTicketKey.AES_KEY_SIZE)));
    while (keys.size() > KEPT) {
      keys.removeLast();
    }
  }

  /**
   * Gives the current keys to every BoringSSL context of {@code contexts}; JDK ones keep theirs.
   */
  public synchronized void applyTo(Collection<SslContext> contexts) {
    OpenSslSessionTicketKey[] current = keys.toArray(new OpenSslSessionTicketKey[0]);
    for (SslContext c : contexts) {
      if (c.sessionContext() instanceof OpenSslSessionContext s) {
        s.setTicketKeys(current);
      }
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
