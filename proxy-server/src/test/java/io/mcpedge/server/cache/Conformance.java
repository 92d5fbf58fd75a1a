package io.mcpedge.server.cache;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The vocabulary of the cache conformance table: a case is a few requests through the proxy, each
 * with what the origin answers to it and what the client must see. It follows the structure of the
 * public HTTP caching test suite (cache-tests.fyi): a case has that suite's id where there is one,
 * and its kind says whether RFC 9111 requires the behaviour of a shared cache ({@link
 * Kind#REQUIRED}), merely allows it as the better choice ({@link Kind#OPTIONAL}), or leaves it
 * unspecified ({@link Kind#CHECK}).
 */
final class Conformance {

  private Conformance() {}

  enum Kind {
    REQUIRED,
    OPTIONAL,
    CHECK
  }

  /** How the client's answer must have been produced. */
  enum Expect {
    /** Anything; only the other expectations of the step are checked. */
    ANY,
    /** From the store, without a request to the origin. */
    CACHED,
    /** From the origin. */
    NOT_CACHED,
    /** From the store after the origin answered a request with {@code If-None-Match}. */
    ETAG_VALIDATED,
    /** From the store after the origin answered a request with {@code If-Modified-Since}. */
    LM_VALIDATED,
    /** From the store after the request reached the origin and failed (RFC 5861 §4). */
    STALE_ON_ERROR
  }

  /** Seconds the public suite waits after a step marked "pause after". */
  static final int PAUSE = 3;

  private static final char STEP_DATE = '\u0001';
  private static final char STEP_DATE_RFC850 = '\u0002';
  private static final char CASE_DATE = '\u0003';
  private static final DateTimeFormatter RFC850 =
      DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  /**
   * A header value: the HTTP-date {@code offsetSeconds} from the time of the step that sends it.
   */
  static String at(long offsetSeconds) {
    return STEP_DATE + Long.toString(offsetSeconds);
  }

  /** Like {@link #at}, in the obsolete RFC 850 format (RFC 9110 §5.6.7). */
  static String atRfc850(long offsetSeconds) {
    return STEP_DATE_RFC850 + Long.toString(offsetSeconds);
  }

  /** A header value: the HTTP-date {@code offsetSeconds} from the start of the case. */
  static String fromStart(long offsetSeconds) {
    return CASE_DATE + Long.toString(offsetSeconds);
  }

  /** Resolves {@link #at}, {@link #atRfc850} and {@link #fromStart} values. */
  static String resolve(String value, long stepMillis, long caseMillis) {
    if (value.isEmpty() || value.charAt(0) > CASE_DATE || value.charAt(0) < STEP_DATE) {
      return value;
    }
    char mark = value.charAt(0);
    long base = mark == CASE_DATE ? caseMillis : stepMillis;
    Instant at = Instant.ofEpochSecond(base / 1000 + Long.parseLong(value.substring(1)));
    return mark == STEP_DATE_RFC850
        ? RFC850.format(at)
        : io.mcpedge.cache.http.HttpDate.format(at.toEpochMilli());
  }

  /** One request of a case, with the origin's scripted answer and the expectations. */
  static final class Step {
    String method = "GET";
    String pathSuffix = "";
    String query;
    final List<String[]> requestHeaders = new ArrayList<>();
    int status = 200;
    final List<String[]> responseHeaders = new ArrayList<>();
    String body;
    ScriptedOrigin.Fault fault;

    /** The response fields as the origin sent them, dates resolved; set when the step runs. */
    List<String[]> sent = List.of();

    int pauseAfter;
    Expect expect = Expect.ANY;
    Integer expectedStatus;
    String expectedBody;
    Integer ageAbove;
    String originMethod;
    boolean settle;
    final List<String[]> expectedHeaders = new ArrayList<>();
    final List<String[]> expectedHeaderParts = new ArrayList<>();
    final List<String> missingHeaders = new ArrayList<>();
    final List<String[]> expectedRequestHeaders = new ArrayList<>();

    static Step get() {
      return new Step();
    }

    static Step method(String method) {
      Step s = new Step();
      s.method = method;
      return s;
    }

    /** The public suite's "fresh" template: {@code Expires}, {@code max-age} and validators. */
    static Step fresh() {
      return get()
          .res("Expires", at(100000))
          .res("Cache-Control", "max-age=100000")
          .res("Last-Modified", at(0))
          .res("Date", at(0));
    }

    /** The public suite's "stale" template: an {@code Expires} in the past. */
    static Step stale() {
      return get().res("Expires", at(-5000)).res("Last-Modified", at(-100000)).res("Date", at(0));
    }

    Step path(String suffix) {
      this.pathSuffix = suffix;
      return this;
    }

    Step query(String q) {
      this.query = q;
      return this;
    }

    Step req(String name, String value) {
      requestHeaders.add(new String[] {name, value});
      return this;
    }

    Step status(int code) {
      this.status = code;
      return this;
    }

    Step res(String name, String value) {
      responseHeaders.add(new String[] {name, value});
      return this;
    }

    /** The origin fails this request at the socket instead of answering it. */
    Step fault(ScriptedOrigin.Fault f) {
      this.fault = f;
      return this;
    }

    Step body(String text) {
      this.body = text;
      return this;
    }

    Step pause() {
      return pause(PAUSE);
    }

    Step pause(int seconds) {
      this.pauseAfter = seconds;
      return this;
    }

    Step expect(Expect e) {
      this.expect = e;
      return this;
    }

    Step expectStatus(int code) {
      this.expectedStatus = code;
      return this;
    }

    Step expectBody(String text) {
      this.expectedBody = text;
      return this;
    }

    Step expectHeader(String name, String value) {
      expectedHeaders.add(new String[] {name, value});
      return this;
    }

    /** A value of the named field must contain {@code part}. */
    Step expectHeaderContaining(String name, String part) {
      expectedHeaderParts.add(new String[] {name, part});
      return this;
    }

    Step expectMissing(String... names) {
      missingHeaders.addAll(List.of(names));
      return this;
    }

    Step expectRequestHeader(String name, String value) {
      expectedRequestHeaders.add(new String[] {name, value});
      return this;
    }

    /** The method the origin must have seen last (a HEAD written through, say). */
    Step expectOriginMethod(String m) {
      this.originMethod = m;
      return this;
    }

    /**
     * Waits after this step until the store holds a fresh answer, for steps whose answer is stored
     * by a background request.
     */
    Step settle() {
      this.settle = true;
      return this;
    }

    Step expectAgeAbove(int seconds) {
      this.ageAbove = seconds;
      return this;
    }
  }

  /**
   * One behaviour: the public suite's id (or an id of ours where the suite has none), what it
   * checks, its kind, the route prefix it runs under, and its steps.
   */
  record Case(String id, String name, Kind kind, String route, List<Step> steps) {

    static Case required(String id, String name, Step... steps) {
      return new Case(id, name, Kind.REQUIRED, "/c", List.of(steps));
    }

    static Case optional(String id, String name, Step... steps) {
      return new Case(id, name, Kind.OPTIONAL, "/c", List.of(steps));
    }

    static Case check(String id, String name, Step... steps) {
      return new Case(id, name, Kind.CHECK, "/c", List.of(steps));
    }

    /** The same case under another route prefix. */
    Case on(String routePrefix) {
      return new Case(id, name, kind, routePrefix, steps);
    }
  }
}
