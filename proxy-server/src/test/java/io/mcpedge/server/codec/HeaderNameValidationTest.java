package io.mcpedge.server.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.util.AsciiString;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HeaderNameValidationTest {

  @Test
  void acceptsValidNamesAgainAndAgain() {
    HttpHeaders h = HeaderNameValidation.newFactory().newHeaders();
    for (int i = 0; i < 3; i++) {
      h.add("content-type", "a");
      h.add(new AsciiString("X-Request-Id"), "b");
    }
    assertThat(h.getAll("content-type")).hasSize(3);
    assertThat(h.getAll("x-request-id")).hasSize(3);
  }

  @Test
  void refusesInvalidNamesWhateverWasCheckedBefore() {
    HttpHeaders h = HeaderNameValidation.newFactory().newHeaders();
    String[] valid = new String[200];
    for (int i = 0; i < valid.length; i++) {
      valid[i] = "x-name-" + i;
      h.add(valid[i], "v"); // fills every slot, some more than once
    }
    for (String bad : new String[] {"bad name", "x-name-1 ", "x(1)", "", "x-na\u0000me-1", "é"}) {
      assertThatThrownBy(() -> h.add(bad, "v"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> h.add(new AsciiString(bad), "v"))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> h.add((CharSequence) null, "v"))
        .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class);
  }

  @Test
  void aMutableNameIsNeverRememberedSoItsLaterContentIsChecked() {
    HttpHeaders h = HeaderNameValidation.newFactory().newHeaders();
    StringBuilder name = new StringBuilder("x-ok");
    h.add(name, "v");
    name.setLength(0);
    name.append("x(k");
    assertThatThrownBy(() -> h.add(name, "v")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneFactoryServesSeveralThreadsEachWithItsOwnMemory() throws Exception {
    HttpHeadersFactory factory = HeaderNameValidation.newFactory();
    factory.newHeaders().add("x-first", "v"); // remembered on this thread only
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              try {
                HttpHeaders h = factory.newHeaders();
                h.add("x-first", "v");
                assertThatThrownBy(() -> h.add("x first", "v"))
                    .isInstanceOf(IllegalArgumentException.class);
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    other.start();
    other.join();
    assertThat(failure.get()).isNull();
    assertThatThrownBy(() -> factory.newHeaders().add("x first", "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
