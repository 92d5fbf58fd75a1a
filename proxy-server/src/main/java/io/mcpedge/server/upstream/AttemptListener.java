package io.mcpedge.server.upstream;

/**
 * What an {@link UpstreamCall} tells the upstream's policies about one attempt: whether it waits
 * for a connection, its outcome, and its end. It exists so that the call, which sees every way an
 * attempt can end, reports each exactly once, and the policies (overload counts, outlier ejection,
 * per-endpoint breakers, in-flight counts) stay out of the relay code. Confined to the exchange's
 * event loop.
 */
public interface AttemptListener {

  /** Reports nothing and limits nothing. */
  AttemptListener NONE =
      new AttemptListener() {
        @Override
        public boolean tryStartWaiting() {
          return true;
        }

        @Override
        public void stopWaiting() {}

        @Override
        public void onResponse(int status) {}

        @Override
        public void onFailure(Throwable cause) {}

        @Override
        public void onEnd() {}
      };

  /**
   * The attempt has to wait for a pooled connection or stream.
   *
   * @return false when too many requests wait already: the attempt fails with {@link
   *     Overload#PENDING}
   */
  boolean tryStartWaiting();

  /** The wait that {@link #tryStartWaiting()} admitted is over (a lease, a failure, an abort). */
  void stopWaiting();

  /** A final response head arrived; called at most once, before it goes to the sink. */
  void onResponse(int status);

  /** The attempt failed before any response head; called at most once. */
  void onFailure(Throwable cause);

  /** The attempt ended, however it ended; called exactly once, after any of the above. */
  void onEnd();
}
