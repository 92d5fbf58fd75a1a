package io.mcpedge.server.exchange;

/**
 * A classified exchange failure. Carries no stack trace: it is a signal on a hot path, and the log
 * line names the connection and route instead.
 */
public final class ProxyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Failure failure;

  public ProxyException(Failure failure, String detail) {
    super(detail == null ? failure.reason() : failure.reason() + ": " + detail, null, false, false);
    this.failure = failure;
  }

  public ProxyException(Failure failure, Throwable cause) {
    super(failure.reason() + ": " + cause, cause, false, false);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
