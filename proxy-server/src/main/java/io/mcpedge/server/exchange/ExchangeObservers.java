package io.mcpedge.server.exchange;

import io.netty.handler.codec.http.HttpResponse;
import java.util.List;

/**
 * Several {@link ExchangeObserver}s told in turn (metrics, the access log, tracing), so that the
 * exchange driver holds one. With none it is {@link ExchangeObserver#NONE}; with one, that one.
 */
public final class ExchangeObservers implements ExchangeObserver {

  private final ExchangeObserver[] observers;

  private ExchangeObservers(ExchangeObserver[] observers) {
    this.observers = observers;
  }

  /** One observer telling each of {@code observers}, skipping {@link ExchangeObserver#NONE}. */
  public static ExchangeObserver of(List<ExchangeObserver> observers) {
    ExchangeObserver[] live =
        observers.stream().filter(o -> o != ExchangeObserver.NONE).toArray(ExchangeObserver[]::new);
    return switch (live.length) {
      case 0 -> ExchangeObserver.NONE;
      case 1 -> live[0];
      default -> new ExchangeObservers(live);
    };
  }

  @Override
  public void exchangeStarted(Exchange ex) {
    for (ExchangeObserver o : observers) {
      o.exchangeStarted(ex);
    }
  }

  @Override
  public void responseStarted(Exchange ex, HttpResponse head) {
    for (ExchangeObserver o : observers) {
      o.responseStarted(ex, head);
    }
  }

  @Override
  public void exchangeEnded(Exchange ex, int status) {
    for (ExchangeObserver o : observers) {
      o.exchangeEnded(ex, status);
    }
  }
}
