package io.mcpedge.core.config;

/** Retry triggers, named as Envoy names them ({@code 5xx}, {@code reset}, ...). */
public enum RetryOn {
  /** Any 5xx answer, or a reset / connect failure. */
  FIVE_XX,
  /** The upstream closed or reset the connection before answering. */
  RESET,
  /** No connection could be opened. */
  CONNECT_FAILURE,
  /** An answer with one of {@link RetryConfig#retriableStatusCodes()}. */
  RETRIABLE_STATUS_CODES
}
