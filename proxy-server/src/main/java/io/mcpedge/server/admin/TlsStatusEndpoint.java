package io.mcpedge.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.tls.ServerContexts.CertificateInfo;
import io.mcpedge.server.tls.ServerTls;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * {@code GET /tls}: per TLS listener, the provider, the loaded certificates (file, SNI names,
 * subject, expiry), when they were loaded, how many reloads succeeded, and the last reload that
 * failed (a broken renewal keeps the old certificate; this is where it shows). {@link AdminHandler}
 * asks for the admin token first: certificate paths and subjects are not for everyone.
 */
public final class TlsStatusEndpoint {

  public static final String PATH = "/tls";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<? extends Collection<ServerTls>> listeners;

  /**
   * @param listeners the TLS listeners serving now, read at each request (a reload adds and removes
   *     listeners); an empty list when none has TLS
   */
  public TlsStatusEndpoint(Supplier<? extends Collection<ServerTls>> listeners) {
    this.listeners = listeners;
  }

  public FullHttpResponse answer(FullHttpRequest req, ByteBufAllocator alloc) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("listeners");
    for (ServerTls t : listeners.get()) {
      ServerTls.Status s = t.status();
      ObjectNode l = list.addObject();
      l.put("name", s.listener());
      l.put("provider", s.provider());
      l.put("loadedAt", String.valueOf(s.loadedAt()));
      l.put("reloads", s.reloads());
      l.put("lastError", s.lastError());
      l.put("lastErrorAt", s.lastErrorAt() == null ? null : s.lastErrorAt().toString());
      ArrayNode certificates = l.putArray("certificates");
      for (CertificateInfo c : s.certificates()) {
        ObjectNode cert = certificates.addObject();
        cert.put("certFile", c.certFile());
        ArrayNode names = cert.putArray("serverNames");
        c.serverNames().forEach(names::add);
        cert.put("subject", c.subject());
        cert.put("notAfter", c.notAfter().toString());
      }
    }
    return LocalAnswers.json(root + "\n", alloc);
  }
}
