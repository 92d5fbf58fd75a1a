package io.mcpedge.server.admin;

import io.mcpedge.server.answer.AdminToken;
import io.mcpedge.server.answer.LocalAnswers;
import io.mcpedge.server.reload.ReloadStatus;
import io.mcpedge.server.reload.Reloader;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import java.util.function.Consumer;

/**
 * The reload's admin endpoint, {@code /reload}; both methods need {@code admin.token} as a bearer
 * token. {@code GET} shows the {@link ReloadStatus} (generation, last success, the last attempt's
 * errors). {@code POST} reloads the config file and answers when the reload is done: {@code 200}
 * with the new status when it was applied, {@code 422} with the errors when it was refused (the old
 * config keeps serving). The reload runs on the reload thread; the admin event loop only waits for
 * its answer, without blocking.
 */
public final class ReloadEndpoint {

  public static final String PATH = "/reload";

  private final Reloader reloader;
  private final AdminToken token;

  public ReloadEndpoint(Reloader reloader, String adminToken) {
    this.reloader = reloader;
    this.token = new AdminToken(adminToken);
  }

  /**
   * Answers a request for {@link #PATH}: at once, or for {@code POST} when the reload is done, on
   * {@code loop}.
   */
  void answer(
      FullHttpRequest req,
      ByteBufAllocator alloc,
      EventExecutor loop,
      Consumer<FullHttpResponse> reply) {
    boolean post = HttpMethod.POST.equals(req.method());
    if (!post && !HttpMethod.GET.equals(req.method())) {
      reply.accept(
          LocalAnswers.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET or POST\n", alloc));
      return;
    }
    HttpResponseStatus refusal = token.refusal(req.headers().get(HttpHeaderNames.AUTHORIZATION));
    if (refusal != null) {
      reply.accept(LocalAnswers.refused(refusal, token.reason(refusal), alloc));
      return;
    }
    if (!post) {
      reply.accept(LocalAnswers.json(reloader.status().toJson(), alloc));
      return;
    }
    reloader
        .reload("admin")
        .whenComplete((status, e) -> loop.execute(() -> reply.accept(outcome(status, e, alloc))));
  }

  private static FullHttpResponse outcome(
      ReloadStatus status, Throwable failure, ByteBufAllocator alloc) {
    if (status == null) {
      return LocalAnswers.text(
          HttpResponseStatus.INTERNAL_SERVER_ERROR, "reload not done: " + failure + "\n", alloc);
    }
    return outcome(status, alloc);
  }

  private static FullHttpResponse outcome(ReloadStatus status, ByteBufAllocator alloc) {
    FullHttpResponse res = LocalAnswers.json(status.toJson(), alloc);
    if (status.failedLast()) {
      res.setStatus(HttpResponseStatus.UNPROCESSABLE_ENTITY);
    }
    return res;
  }
}
