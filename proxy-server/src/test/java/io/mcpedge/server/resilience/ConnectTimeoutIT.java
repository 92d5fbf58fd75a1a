package io.mcpedge.server.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpedge.server.testsupport.TestEdge;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An upstream that never completes the TCP handshake: the route answers 504 after the upstream's
 * {@code connectTimeout}, as nginx does, rather than the 502 of a refused connection. The listener
 * never accepts and its accept queue is filled first, so the kernel drops the proxy's SYN.
 */
@Timeout(30)
class ConnectTimeoutIT {

  @Test
  void aConnectTimeoutIs504NamingTheRoute() throws Exception {
    List<Socket> fillers = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      // Fill the accept queue (backlog 1) with connections nobody accepts, bounded in count.
      for (int i = 0; i < 8; i++) {
        Socket s = new Socket();
        try {
          s.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort()), 200);
          fillers.add(s);
        } catch (java.io.IOException queueFull) {
          s.close();
          break;
        }
      }
      try (TestEdge edge =
          TestEdge.start(
              "upstreams:\n  - name: origin\n    endpoints: [\"http://127.0.0.1:"
                  + silent.getLocalPort()
                  + "\"]\n    connectTimeout: 300ms\n"
                  + "routes:\n  - name: api\n    upstream: origin\n")) {
        HttpResponse<String> res = edge.get("/tools");
        assertThat(res.statusCode()).isEqualTo(504);
        assertThat(res.body()).contains("connect timeout").contains("api");
      }
    } finally {
      for (Socket s : fillers) {
        s.close();
      }
    }
  }
}
