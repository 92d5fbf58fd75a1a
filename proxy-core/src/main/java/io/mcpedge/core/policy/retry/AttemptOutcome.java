package io.mcpedge.core.policy.retry;

/** How one upstream attempt ended, as far as retrying is concerned. */
public enum AttemptOutcome {
  /** A response head arrived; its status code decides. */
  RESPONSE,
  /** No connection could be opened: the upstream never saw the request. */
  CONNECT_FAILURE,
  /** The connection or stream closed or was reset before any response byte arrived. */
  RESET,
  /** The per-try timeout passed before any response byte arrived. */
  PER_TRY_TIMEOUT
}
