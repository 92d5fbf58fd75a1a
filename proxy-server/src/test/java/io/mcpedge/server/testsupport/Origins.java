package io.mcpedge.server.testsupport;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;

/** WireMock origins bound to 127.0.0.1 on free ports. */
public final class Origins {

  private Origins() {}

  public static WireMockServer start() {
    WireMockServer wm =
        new WireMockServer(
            options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(20)
                .jettyAcceptors(1));
    wm.start();
    return wm;
  }

  /** The upstream endpoint of an origin, as edge.yaml spells it. */
  public static String endpoint(WireMockServer wm) {
    return "http://127.0.0.1:" + wm.port();
  }

  /** Requests the origin received for a path. */
  public static int count(WireMockServer wm, String path) {
    return wm.countRequestsMatching(WireMock.anyRequestedFor(WireMock.urlPathEqualTo(path)).build())
        .getCount();
  }
}
