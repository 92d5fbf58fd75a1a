package io.mcpedge.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting at accept: places are taken per address and in total, and given back on close. */
class ConnectionLimitsTest {

  /** An embedded channel whose peer is {@code ip}. */
  private static EmbeddedChannel from(String ip) {
    return new EmbeddedChannel() {
      @Override
      protected SocketAddress remoteAddress0() {
        return new InetSocketAddress(ip, 40000);
      }
    };
  }

  @Test
  void perClientPlacesAreKeptPerAddressAndFreedOnClose() {
    ConnectionLimits limits = new ConnectionLimits(0, 2);
    List<EmbeddedChannel> open = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      EmbeddedChannel ch = from("192.0.2.1");
      assertThat(limits.admit(ch)).isTrue();
      open.add(ch);
    }
    assertThat(limits.admit(from("192.0.2.1"))).isFalse();
    assertThat(limits.admit(from("192.0.2.2"))).isTrue();
    assertThat(limits.refused()).isEqualTo(1);
    assertFalse(open.get(0).finishAndReleaseAll()); // closes it
    assertThat(limits.admit(from("192.0.2.1"))).isTrue();
  }

  @Test
  void theTotalIsSharedByEveryAddress() {
    ConnectionLimits limits = new ConnectionLimits(2, 0);
    EmbeddedChannel a = from("192.0.2.1");
    assertThat(limits.admit(a)).isTrue();
    assertThat(limits.admit(from("192.0.2.2"))).isTrue();
    assertThat(limits.admit(from("192.0.2.3"))).isFalse();
    assertFalse(a.finishAndReleaseAll());
    assertThat(limits.admit(from("192.0.2.3"))).isTrue();
    assertThat(limits.refused()).isEqualTo(1);
  }

  @Test
  void aConnectionRefusedPerClientGivesItsTotalPlaceBack() {
    ConnectionLimits limits = new ConnectionLimits(2, 1);
    assertThat(limits.admit(from("192.0.2.1"))).isTrue();
    assertThat(limits.admit(from("192.0.2.1"))).isFalse();
    assertThat(limits.admit(from("192.0.2.2"))).isTrue();
  }
}
