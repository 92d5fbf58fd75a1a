package io.mcpedge.server.cache;

import io.mcpedge.server.cache.Conformance.Case;
import io.mcpedge.server.cache.Conformance.Expect;
import io.mcpedge.server.cache.Conformance.Step;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Plays the steps of a {@link Case} through the proxy against a {@link ScriptedOrigin}, moving the
 * cache's clock for pauses, and returns what went wrong (empty when the case passes).
 */
final class ConformanceRunner {

  private final URI base;
  private final HttpClient client;
  private final ScriptedOrigin origin;
  private final TestClock clock;

  ConformanceRunner(URI base, HttpClient client, ScriptedOrigin origin, TestClock clock) {
    this.base = base;
    this.client = client;
    this.origin = origin;
    this.clock = clock;
  }

  List<String> run(Case c) throws InterruptedException {
    List<String> problems = new ArrayList<>();
    // What the origin answered first on each path: the answer a hit must reproduce.
    Map<String, Step> firstAnswer = new HashMap<>();
    long start = clock.millis();
    for (int i = 0; i < c.steps().size() && problems.isEmpty(); i++) {
      Step s = c.steps().get(i);
      String path = c.route() + "/" + c.id() + s.pathSuffix;
      if (s.body == null) {
        s.body = c.id() + " step " + i;
      }
      firstAnswer.putIfAbsent(path, s);
      try {
        runStep(s, path, firstAnswer.get(path), start, problems, "step " + (i + 1) + ": ");
        if (s.settle) {
          settle(path);
        }
      } catch (IOException | ConditionTimeoutException e) {
        problems.add("step " + (i + 1) + ": " + e);
      }
      clock.advance(Duration.ofSeconds(s.pauseAfter));
    }
    return problems;
  }

  private void runStep(
      Step s, String path, Step stored, long start, List<String> problems, String at)
      throws IOException, InterruptedException {
    long now = clock.millis();
    List<String[]> scripted = new ArrayList<>();
    for (String[] h : s.responseHeaders) {
      scripted.add(new String[] {h[0], Conformance.resolve(h[1], now, start)});
    }
    boolean validates = s.expect == Expect.ETAG_VALIDATED || s.expect == Expect.LM_VALIDATED;
    if (validates && scripted.isEmpty() && stored != s) {
      // The resource has not changed: the origin answers with the validators it stored.
      scripted = stored.sent;
    }
    s.sent = scripted;
    String target = s.query == null ? path : path + "?" + s.query;
    origin.script(target, new ScriptedOrigin.Reply(s.status, scripted, s.body));
    origin.fault(path, s.fault);
    int before = origin.seen(path).size();
    HttpResponse<String> res =
        client.send(request(s, target, now, start), HttpResponse.BodyHandlers.ofString());
    List<ScriptedOrigin.Seen> seen = origin.seen(path);
    int forwarded = seen.size() - before;
    ScriptedOrigin.Seen last = forwarded > 0 ? seen.get(seen.size() - 1) : null;
    checkType(s.expect, forwarded, last, problems, at);
    boolean fromStore = s.expect != Expect.ANY && s.expect != Expect.NOT_CACHED;
    Step answer = fromStore ? stored : s;
    boolean checkAnswer = s.expect != Expect.ANY;
    Integer status =
        s.expectedStatus != null ? s.expectedStatus : checkAnswer ? answer.status : null;
    if (status != null && res.statusCode() != status) {
      problems.add(at + "status " + res.statusCode() + " (expected " + status + ")");
    }
    String body = s.expectedBody;
    if (body == null && checkAnswer && status != 204 && status != 304 && !"HEAD".equals(s.method)) {
      body = answer.body;
    }
    if (body != null && !body.equals(res.body())) {
      problems.add(at + "body \"" + clip(res.body()) + "\" (expected \"" + clip(body) + "\")");
    }
    for (String[] h : s.expectedHeaders) {
      String want = Conformance.resolve(h[1], now, start);
      List<String> got = res.headers().allValues(h[0]);
      if (!got.contains(want)) {
        problems.add(at + h[0] + ": " + got + " (expected " + want + ")");
      }
    }
    for (String[] h : s.expectedHeaderParts) {
      List<String> got = res.headers().allValues(h[0]);
      if (got.stream().noneMatch(v -> v.contains(h[1]))) {
        problems.add(at + h[0] + ": " + got + " (expected a value containing " + h[1] + ")");
      }
    }
    for (String name : s.missingHeaders) {
      if (res.headers().firstValue(name).isPresent()) {
        problems.add(at + name + " present (expected absent)");
      }
    }
    if (s.ageAbove != null) {
      long age = res.headers().firstValueAsLong("age").orElse(-1);
      if (age <= s.ageAbove) {
        problems.add(at + "Age " + age + " (expected > " + s.ageAbove + ")");
      }
    }
    if (s.originMethod != null && (last == null || !s.originMethod.equals(last.method()))) {
      problems.add(
          at
              + "origin saw "
              + (last == null ? "nothing" : last.method())
              + " (expected "
              + s.originMethod
              + ")");
    }
    for (String[] h : s.expectedRequestHeaders) {
      String got = last == null ? null : last.header(h[0]);
      if (!h[1].equals(got)) {
        problems.add(at + "origin saw " + h[0] + ": " + got + " (expected " + h[1] + ")");
      }
    }
  }

  /**
   * Waits until the store answers the path fresh: {@code only-if-cached} never reaches the origin,
   * and {@code max-age=1} keeps a stale entry from being served or refreshed by the probe.
   */
  private void settle(String path) {
    HttpRequest probe =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(10))
            .header("Cache-Control", "only-if-cached, max-age=1")
            .build();
    Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
  }

  private static void checkType(
      Expect e, int forwarded, ScriptedOrigin.Seen last, List<String> problems, String at) {
    String problem =
        switch (e) {
          case ANY -> null;
          case CACHED -> forwarded == 0 ? null : "went to the origin (expected a hit)";
          case NOT_CACHED -> forwarded > 0 ? null : "served from the store (expected the origin)";
          case ETAG_VALIDATED ->
              last != null && last.header("if-none-match") != null
                  ? null
                  : "no If-None-Match revalidation (forwarded " + forwarded + ")";
          case STALE_ON_ERROR ->
              forwarded > 0 ? null : "served from the store (expected a failed origin request)";
          case LM_VALIDATED ->
              last != null && last.header("if-modified-since") != null
                  ? null
                  : "no If-Modified-Since revalidation (forwarded " + forwarded + ")";
        };
    if (problem != null) {
      problems.add(at + problem);
    }
  }

  private HttpRequest request(Step s, String target, long now, long start) {
    HttpRequest.BodyPublisher body =
        "GET".equals(s.method) || "HEAD".equals(s.method)
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString("abc");
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(target))
            .timeout(Duration.ofSeconds(10))
            .method(s.method, body);
    for (String[] h : s.requestHeaders) {
      b.header(h[0], Conformance.resolve(h[1], now, start));
    }
    return b.build();
  }

  private static String clip(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
