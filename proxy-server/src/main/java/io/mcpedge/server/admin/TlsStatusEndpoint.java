package io.mcpedge.server.admin;

import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.tls.ServerContexts.CertificateInfo;
import io.mcpedge.server.tls.ServerTls;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.Collection;
import java.util.List;

/**
 * {@code GET /tls}: per TLS listener, the provider, the loaded certificates (file, SNI names,
 * subject, expiry), when they were loaded, how many reloads succeeded, and the last reload that
 * failed (a broken renewal keeps the old certificate; this is where it shows). {@link AdminHandler}
 * asks for the admin token first: certificate paths and subjects are not for everyone.
 */
public final class TlsStatusEndpoint {

  public static final String PATH = "/tls";

  private final Collection<ServerTls> listeners;

  public TlsStatusEndpoint(Collection<ServerTls> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  public FullHttpResponse answer(FullHttpRequest req, ByteBufAllocator alloc) {
    StringBuilder b = new StringBuilder("{\"listeners\":[");
    String sep = "";
    for (ServerTls t : listeners) {
      ServerTls.Status s = t.status();
      b.append(sep).append("{\"name\":").append(quote(s.listener()));
      b.append(",\"provider\":").append(quote(s.provider()));
      b.append(",\"loadedAt\":").append(quote(String.valueOf(s.loadedAt())));
      b.append(",\"reloads\":").append(s.reloads());
      b.append(",\"lastError\":").append(s.lastError() == null ? "null" : quote(s.lastError()));
      b.append(",\"lastErrorAt\":")
          .append(s.lastErrorAt() == null ? "null" : quote(s.lastErrorAt().toString()));
      b.append(",\"certificates\":[");
      String csep = "";
      for (CertificateInfo c : s.certificates()) {
        b.append(csep).append("{\"certFile\":").append(quote(c.certFile()));
        b.append(",\"serverNames\":[");
        String nsep = "";
        for (String n : c.serverNames()) {
          b.append(nsep).append(quote(n));
          nsep = ",";
        }
        b.append("],\"subject\":").append(quote(c.subject()));
        b.append(",\"notAfter\":").append(quote(c.notAfter().toString())).append('}');
        csep = ",";
      }
      b.append("]}");
      sep = ",";
    }
    return LocalAnswers.json(b.append("]}\n").toString(), alloc);
  }

  private static String quote(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        q.append('\\').append(c);
      } else if (c < 0x20) {
        q.append(String.format("\\u%04x", (int) c));
      } else {
        q.append(c);
      }
    }
    return q.append('"').toString();
  }
}
