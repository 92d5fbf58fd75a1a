package io.mcpedge.server.cache;

import static io.mcpedge.server.cache.Conformance.Case.check;
import static io.mcpedge.server.cache.Conformance.Case.optional;
import static io.mcpedge.server.cache.Conformance.Case.required;
import static io.mcpedge.server.cache.Conformance.Expect.CACHED;
import static io.mcpedge.server.cache.Conformance.Expect.ETAG_VALIDATED;
import static io.mcpedge.server.cache.Conformance.Expect.LM_VALIDATED;
import static io.mcpedge.server.cache.Conformance.Expect.NOT_CACHED;
import static io.mcpedge.server.cache.Conformance.Step.fresh;
import static io.mcpedge.server.cache.Conformance.Step.get;
import static io.mcpedge.server.cache.Conformance.Step.stale;
import static io.mcpedge.server.cache.Conformance.at;

import io.mcpedge.server.cache.Conformance.Case;
import io.mcpedge.server.cache.Conformance.Expect;
import java.util.ArrayList;
import java.util.List;

/**
 * Conformance cases on freshness: {@code Cache-Control} and {@code Expires} parsing, {@code Age},
 * heuristic freshness, status codes, response and request directives, {@code Pragma} (RFC 9111
 * §4.2, §5.1 to §5.4). Ids are those of the public HTTP caching test suite.
 */
final class FreshnessCases {

  private FreshnessCases() {}

  private static final String CC = "Cache-Control";

  static List<Case> all() {
    List<Case> all = new ArrayList<>();
    all.addAll(maxAge());
    all.addAll(ageAndExpires());
    all.addAll(responseDirectives());
    all.addAll(heuristic());
    all.addAll(statuses());
    all.addAll(requestDirectives());
    return all;
  }

  /** A response with one {@code Cache-Control} value, a pause, then a second request. */
  private static Case cc(Conformance.Kind kind, String id, String value, Expect then) {
    return new Case(
        id,
        "Cache-Control: " + value + " -> " + then,
        kind,
        "/c",
        List.of(get().res(CC, value).pause(), get().expect(then)));
  }

  private static List<Case> maxAge() {
    var r = Conformance.Kind.REQUIRED;
    var o = Conformance.Kind.OPTIONAL;
    var k = Conformance.Kind.CHECK;
    return List.of(
        optional(
            "freshness-none",
            "§4.2: a response without freshness or validators is not reused",
            get().pause(),
            get().expect(NOT_CACHED)),
        cc(o, "freshness-max-age", "max-age=3600", CACHED),
        cc(k, "freshness-max-age-quoted", "max-age=\"3600\"", CACHED),
        cc(r, "freshness-max-age-single-quoted", "max-age='3600'", NOT_CACHED),
        cc(
            r,
            "freshness-max-age-ignore-quoted",
            "extension=\"max-age=3600\", max-age=1",
            NOT_CACHED),
        cc(
            r,
            "freshness-max-age-ignore-quoted-rev",
            "max-age=1, extension=\"max-age=3600\"",
            NOT_CACHED),
        cc(
            r,
            "freshness-max-age-ignore-quoted-all",
            "extension=\"max-age=100\", max-age=\"1\"",
            NOT_CACHED),
        cc(
            r,
            "freshness-max-age-ignore-quoted-all-rev",
            "max-age=\"1\", extension=\"max-age=100\"",
            NOT_CACHED),
        cc(k, "freshness-max-age-space-before-equals", "max-age =3600", NOT_CACHED),
        cc(k, "freshness-max-age-space-after-equals", "max-age= 3600", NOT_CACHED),
        cc(r, "freshness-max-age-leading-zero", "max-age=003600", CACHED),
        cc(r, "freshness-max-age-0", "max-age=0", NOT_CACHED),
        cc(k, "freshness-max-age-a100", "max-age=a3600", CACHED),
        cc(k, "freshness-max-age-100a", "max-age=3600a", CACHED),
        cc(k, "freshness-max-age-decimal-zero", "max-age=3600.0", CACHED),
        cc(k, "freshness-max-age-decimal-five", "max-age=3600.5", CACHED),
        cc(r, "freshness-max-age-negative", "max-age=-100", NOT_CACHED),
        cc(o, "freshness-max-age-max", "max-age=2147483648", CACHED),
        cc(o, "freshness-max-age-max-plus", "max-age=99999999999", CACHED),
        cc(o, "freshness-max-age-extension", "foobar, max-age=3600", CACHED),
        cc(o, "freshness-max-age-case-insenstive", "MaX-aGe=3600", CACHED),
        cc(r, "freshness-s-maxage-shared", "s-maxage=3600", CACHED),
        cc(r, "freshness-max-age-s-maxage-shared-longer", "max-age=3600, s-maxage=1", NOT_CACHED),
        cc(
            r,
            "freshness-max-age-s-maxage-shared-longer-reversed",
            "s-maxage=1, max-age=3600",
            NOT_CACHED),
        required(
            "freshness-max-age-s-maxage-shared-longer-multiple",
            "§5.2.2.10: s-maxage on its own line overrides a longer max-age",
            get().res(CC, "max-age=3600").res(CC, "s-maxage=1").pause(),
            get().expect(NOT_CACHED)),
        cc(o, "freshness-max-age-s-maxage-shared-shorter", "max-age=1, s-maxage=3600", CACHED),
        cc(k, "freshness-max-age-two-fresh-stale-sameline", "max-age=1800, max-age=1", CACHED),
        check(
            "freshness-max-age-two-fresh-stale-sepline",
            "two max-age lines, fresh then stale",
            get().res(CC, "max-age=1800").res(CC, "max-age=1").pause(),
            get().expect(CACHED)),
        cc(k, "freshness-max-age-two-stale-fresh-sameline", "max-age=1, max-age=1800", CACHED),
        check(
            "freshness-max-age-two-stale-fresh-sepline",
            "two max-age lines, stale then fresh",
            get().res(CC, "max-age=1").res(CC, "max-age=1800").pause(),
            get().expect(CACHED)),
        required(
            "freshness-max-age-0-expires",
            "§5.3: max-age=0 overrides a future Expires",
            get().res("Expires", at(10000)).res(CC, "max-age=0").res("Date", at(0)).pause(),
            get().expect(NOT_CACHED)),
        optional(
            "freshness-max-age-expires",
            "§5.3: max-age overrides a past Expires",
            get().res(CC, "max-age=3600").res("Expires", at(-10000)).res("Date", at(0)).pause(),
            get().expect(CACHED)),
        optional(
            "freshness-max-age-expires-invalid",
            "§5.3: max-age overrides an invalid Expires",
            get().res(CC, "max-age=3600").res("Expires", "0").res("Date", at(0)).pause(),
            get().expect(CACHED)));
  }

  private static Case age(String id, String... ages) {
    return age(Conformance.Kind.CHECK, id, CACHED, ages);
  }

  /** {@code ages} are the {@code Age} lines of a max-age=3600 answer; 7200 makes it stale. */
  private static Case age(Conformance.Kind kind, String id, Expect then, String... ages) {
    var first = get().res("Date", at(0)).res(CC, "max-age=3600");
    for (String a : ages) {
      first.res("Age", a);
    }
    return new Case(
        id,
        "Age " + String.join(" / ", ages) + " with max-age=3600 -> " + then,
        kind,
        "/c",
        List.of(first.pause(), get().expect(then)));
  }

  private static Case expiresParse(String id, String expires) {
    return check(
        id,
        "Expires: " + expires,
        get().res("Expires", expires).res("Date", at(0)).pause(),
        get().expect(CACHED));
  }

  private static List<Case> ageAndExpires() {
    var r = Conformance.Kind.REQUIRED;
    return List.of(
        required(
            "freshness-max-age-age",
            "§4.2.3: an Age beyond max-age makes the response stale",
            get().res("Date", at(0)).res(CC, "max-age=10").res("Age", "15").pause(),
            get().expect(NOT_CACHED)),
        age("age-parse-nonnumeric", "abc"),
        age("age-parse-negative", "-7200"),
        age("age-parse-float", "7200.0"),
        // RFC 9110 §5.3: a list on one line is the same field as its members on several lines,
        // and the first member of a singleton counts, as the public suite now requires.
        age(r, "age-parse-suffix", NOT_CACHED, "7200, 0"),
        age(r, "age-parse-suffix-nospace", NOT_CACHED, "7200,0"),
        age(r, "age-parse-suffix-twoline", NOT_CACHED, "7200", "0"),
        age(r, "age-parse-prefix", CACHED, "0, 7200"),
        age(r, "age-parse-prefix-nospace", CACHED, "0,7200"),
        age(r, "age-parse-prefix-twoline", CACHED, "0", "7200"),
        age("age-parse-dup-0", "0, 0"),
        age("age-parse-dup-0-twoline", "0", "0"),
        age(Conformance.Kind.CHECK, "age-parse-dup-old", NOT_CACHED, "7200, 7200"),
        age(Conformance.Kind.CHECK, "age-parse-dup-old-twoline", NOT_CACHED, "7200", "7200"),
        optional(
            "freshness-expires-none",
            "§4.2: no Expires, no reuse",
            get().pause(),
            get().expect(NOT_CACHED)),
        optional(
            "freshness-expires-future",
            "§5.3: a future Expires is reused",
            get().res("Expires", at(30 * 24 * 3600)).res("Date", at(0)).pause(),
            get().expect(CACHED)),
        required(
            "freshness-expires-past",
            "§5.3: a past Expires is not reused",
            get().res("Expires", at(-30 * 24 * 3600)).res("Date", at(0)).pause(),
            get().expect(NOT_CACHED)),
        required(
            "freshness-expires-present",
            "§5.3: Expires equal to Date is not reused",
            get().res("Expires", at(0)).res("Date", at(0)),
            get().expect(NOT_CACHED)),
        required(
            "freshness-expires-old-date",
            "§4.2.1: Expires before Date gives no freshness, even with a fast clock",
            get().res("Expires", at(300)).res("Date", at(400)).pause(),
            get().expect(NOT_CACHED)),
        required(
            "freshness-expires-invalid",
            "§5.3: an invalid Expires (0) is in the past",
            get().res("Expires", "0").res("Date", at(0)).pause(),
            get().expect(NOT_CACHED)),
        optional(
            "freshness-expires-invalid-date",
            "§4.2.1: an invalid Date does not stop a future Expires",
            get().res("Date", "foo").res("Expires", at(10)),
            get().expect(CACHED)),
        required(
            "freshness-expires-age-slow-date",
            "§4.2.3: Age beyond Expires - Date, slow Date",
            get().res("Date", at(-10)).res("Expires", at(10)).res("Age", "25"),
            get().expect(NOT_CACHED)),
        required(
            "freshness-expires-age-fast-date",
            "§4.2.3: Age beyond Expires - Date, fast Date",
            get().res("Date", at(10)).res("Expires", at(20)).res("Age", "15"),
            get().expect(NOT_CACHED)),
        expiresParse("freshness-expires-wrong-case-weekday", "THU, 18 Aug 2050 02:01:18 GMT"),
        expiresParse("freshness-expires-wrong-case-month", "Thu, 18 AUG 2050 02:01:18 GMT"),
        expiresParse("freshness-expires-wrong-case-tz", "Thu, 18 Aug 2050 02:01:18 gMT"),
        expiresParse("freshness-expires-invalid-utc", "Thu, 18 Aug 2050 02:01:18 UTC"),
        expiresParse("freshness-expires-invalid-2-digit-year", "Thu, 18 Aug 50 02:01:18 GMT"),
        expiresParse("freshness-expires-invalid-no-comma", "Thu 18 Aug 2050 02:01:18 GMT"),
        expiresParse(
            "freshness-expires-invalid-multiple-spaces", "Thu, 18  Aug  2050 02:01:18 GMT"),
        expiresParse("freshness-expires-invalid-date-dashes", "Thu, 18-Aug-2050 02:01:18 GMT"),
        expiresParse("freshness-expires-invalid-time-periods", "Thu, 18 Aug 2050 02.01.18 GMT"),
        expiresParse("freshness-expires-invalid-1-digit-hour", "Thu, 18 Aug 2050 2:01:18 GMT"));
  }

  private static List<Case> responseDirectives() {
    var fresh = get().res(CC, "max-age=10000").res("Expires", at(10000)).res("Date", at(0));
    return List.of(
        required(
            "cc-resp-private-shared",
            "§5.2.2.7: a shared cache does not store private",
            get().res(CC, "private, max-age=3600"),
            get().expect(NOT_CACHED)),
        required(
            "cc-resp-no-store",
            "§5.2.2.5: no-store is not stored",
            get().res(CC, "no-store"),
            get().expect(NOT_CACHED)),
        required(
            "cc-resp-no-store-case-insensitive",
            "§5.2: directive names are case-insensitive (No-StOrE)",
            get().res(CC, "No-StOrE"),
            get().expect(NOT_CACHED)),
        required(
            "cc-resp-no-store-fresh",
            "§5.2.2.5: no-store wins over max-age and Expires",
            get().res(CC, "max-age=10000, no-store").res("Expires", at(10000)).res("Date", at(0)),
            get().expect(NOT_CACHED)),
        required(
            "cc-resp-no-store-old-new",
            "a fresh stored answer keeps serving while a no-store answer would replace it",
            get()
                .res(CC, "max-age=10000")
                .res("Expires", at(10000))
                .res("Date", at(0))
                .res("A", "1")
                .pause(),
            get().res(CC, "no-store").res("Date", at(0)).res("A", "2").pause(),
            get().expect(CACHED).expectHeader("A", "1")),
        required(
            "cc-resp-no-store-old-max-age",
            "as above, with no-store, max-age=0",
            get()
                .res(CC, "max-age=10000")
                .res("Expires", at(10000))
                .res("Date", at(0))
                .res("A", "1")
                .pause(),
            get().res(CC, "no-store, max-age=0").res("Date", at(0)).res("A", "2").pause(),
            get().expect(CACHED).expectHeader("A", "1")),
        required(
            "cc-resp-no-cache",
            "§5.2.2.4: no-cache is not reused without validation",
            get().res(CC, "max-age=10000, no-cache").res("Expires", at(10000)).res("Date", at(0)),
            get().expect(NOT_CACHED)),
        required(
            "cc-resp-no-cache-case-insensitive",
            "§5.2.2.4: No-CaChE is not reused without validation",
            get().res(CC, "max-age=10000, No-CaChE").res("Expires", at(10000)).res("Date", at(0)),
            get().expect(NOT_CACHED)),
        optional(
            "cc-resp-no-cache-revalidate",
            "§5.2.2.4: no-cache is stored and revalidated",
            get().res(CC, "no-cache").res("ETag", "\"abcd\""),
            get().expect(ETAG_VALIDATED)),
        optional(
            "cc-resp-no-cache-revalidate-fresh",
            "§5.2.2.4: no-cache with max-age is stored and revalidated",
            fresh.res("ETag", "\"abcd\"").res(CC, "no-cache"),
            get().expect(ETAG_VALIDATED)),
        check(
            "headers-omit-headers-listed-in-Cache-Control-no-cache-single",
            "§5.2.2.4: no-cache=\"a\" omits field a from the reused answer",
            get()
                .res(CC, "no-cache=\"a\"")
                .res("a", "1")
                .res("b", "2")
                .res(CC, "max-age=3600")
                .res("Date", at(0))
                .pause(),
            get().expect(CACHED).expectHeader("b", "2").expectMissing("a")),
        check(
            "headers-omit-headers-listed-in-Cache-Control-no-cache",
            "§5.2.2.4: no-cache=\"a, b\" omits fields a and b from the reused answer",
            get()
                .res(CC, "no-cache=\"a, b\"")
                .res("a", "1")
                .res("b", "2")
                .res("c", "3")
                .res(CC, "max-age=3600")
                .res("Date", at(0))
                .pause(),
            get().expect(CACHED).expectHeader("c", "3").expectMissing("a", "b")),
        optional(
            "cc-resp-must-revalidate-fresh",
            "§5.2.2.2: a fresh must-revalidate answer is reused",
            get().res(CC, "max-age=10000, must-revalidate").res("ETag", "\"abcd\""),
            get().expect(CACHED)),
        required(
            "cc-resp-must-revalidate-stale",
            "§5.2.2.2: a stale must-revalidate answer is revalidated",
            get().res(CC, "max-age=2, must-revalidate").res("ETag", "\"abcd\""),
            get()
                .res(CC, "max-age=2, must-revalidate")
                .res("ETag", "\"abcd\"")
                .expect(CACHED)
                .pause(),
            get().expect(ETAG_VALIDATED)),
        check(
            "pragma-response-no-cache",
            "§5.4: Pragma: no-cache in a response with max-age",
            get().res(CC, "max-age=3600").res("Pragma", "no-cache"),
            get().expect(CACHED)),
        check(
            "pragma-response-extension",
            "§5.4: an unknown Pragma in a response",
            get().res(CC, "max-age=3600").res("Pragma", "unrecognised-extension"),
            get().expect(CACHED)),
        check(
                "pragma-response-no-cache-heuristic",
                "§5.4: Pragma: no-cache on a heuristically fresh response",
                get().res("Last-Modified", at(-10000)).res("Pragma", "no-cache"),
                get().expect(CACHED))
            .on("/h"));
  }

  /**
   * RFC 9111 §4.2.2, on a route that enables heuristic freshness: only heuristically cacheable
   * statuses (RFC 9110 §15.1) may be reused without explicit freshness.
   */
  private static List<Case> heuristic() {
    List<Case> cases = new ArrayList<>();
    int[] reuse = {200, 203, 204, 404, 405, 410, 414, 501};
    int[] never = {201, 202, 403, 502, 503, 504, 599};
    for (int code : reuse) {
      cases.add(heuristicCase(code, true, false));
    }
    for (int code : never) {
      cases.add(heuristicCase(code, false, false));
    }
    cases.add(heuristicCase(599, true, true));
    for (int delta : new int[] {5, 10, 30, 60, 300, 600, 1200, 1800, 3600, 43200, 86400}) {
      cases.add(
          check(
                  "heuristic-delta-" + delta,
                  "§4.2.2: Last-Modified " + delta + " s ago",
                  get().res("Last-Modified", at(-delta)).res("Date", at(0)),
                  get().expect(CACHED))
              .on("/h"));
    }
    return cases;
  }

  private static Case heuristicCase(int code, boolean reuse, boolean isPublic) {
    var first = get().status(code).res("Last-Modified", at(-24 * 3600)).res("Date", at(0));
    if (isPublic) {
      first.res(CC, "public");
    }
    String body = code == 204 ? "" : "heuristic " + code;
    first.body(body);
    var second = get().status(code).body(body).expect(reuse ? CACHED : NOT_CACHED);
    String name =
        "§4.2.2: a "
            + code
            + (isPublic ? " with public" : "")
            + (reuse ? " may" : " must not")
            + " be reused heuristically";
    return new Case(
            "heuristic-" + code + "-" + (reuse ? "cached" : "not_cached"),
            name,
            reuse ? Conformance.Kind.OPTIONAL : Conformance.Kind.REQUIRED,
            "/c",
            List.of(first, second))
        .on("/h");
  }

  /** Every status with explicit freshness: reused while fresh (optional), never when stale. */
  private static List<Case> statuses() {
    List<Case> cases = new ArrayList<>();
    int[] codes = {
      200, 203, 204, 299, 301, 302, 303, 307, 308, 400, 404, 410, 499, 500, 502, 503, 504, 599
    };
    for (int code : codes) {
      String body = code == 204 ? "" : "status " + code;
      cases.add(
          required(
              "status-" + code + "-stale",
              "§4.2: a stale " + code + " with explicit freshness is not reused",
              stale().status(code).body(body),
              get().status(code).body(body).expect(NOT_CACHED)));
      cases.add(
          optional(
              "status-" + code + "-fresh",
              "§3: a fresh " + code + " with explicit freshness is reused",
              fresh().status(code).body(body),
              get().status(code).body(body).expect(CACHED)));
    }
    return cases;
  }

  /** RFC 9111 §5.2.1: request directives; the public suite only checks them. */
  private static List<Case> requestDirectives() {
    return List.of(
        check(
            "ccreq-ma0",
            "§5.2.1.1: request max-age=0",
            fresh().pause(),
            get().req(CC, "max-age=0").expect(NOT_CACHED)),
        check(
            "ccreq-ma1",
            "§5.2.1.1: request max-age=1",
            fresh().pause(),
            get().req(CC, "max-age=1").expect(NOT_CACHED)),
        check(
            "ccreq-magreaterage",
            "§5.2.1.1: request max-age below the Age of the stored answer",
            get().res(CC, "max-age=3600").res("Age", "1800"),
            get().req(CC, "max-age=600").expect(NOT_CACHED)),
        check(
            "ccreq-max-stale",
            "§5.2.1.2: request max-stale accepts a stale answer",
            get().res(CC, "max-age=1").pause(),
            get().req(CC, "max-stale=1000").expect(CACHED)),
        check(
            "ccreq-max-stale-age",
            "§5.2.1.2: request max-stale accepts an Age'd stale answer",
            get().res(CC, "max-age=1500").res("Age", "2000"),
            get().req(CC, "max-stale=1000").expect(CACHED)),
        check(
            "ccreq-min-fresh",
            "§5.2.1.3: request min-fresh beyond the freshness left",
            get().res(CC, "max-age=1500"),
            get().req(CC, "min-fresh=2000").expect(NOT_CACHED)),
        check(
            "ccreq-min-fresh-age",
            "§5.2.1.3: request min-fresh beyond the freshness left of an Age'd answer",
            get().res(CC, "max-age=1500").res("Age", "1000"),
            get().req(CC, "min-fresh=1000").expect(NOT_CACHED)),
        check(
            "ccreq-no-cache",
            "§5.2.1.4: request no-cache",
            get().res(CC, "max-age=3600"),
            get().req(CC, "no-cache").expect(NOT_CACHED)),
        check(
            "ccreq-no-cache-lm",
            "§5.2.1.4: request no-cache revalidates with If-Modified-Since",
            get().res(CC, "max-age=3600").res("Last-Modified", at(-10000)).res("Date", at(0)),
            get().req(CC, "no-cache").expect(LM_VALIDATED)),
        check(
            "ccreq-no-cache-etag",
            "§5.2.1.4: request no-cache revalidates with If-None-Match",
            get().res(CC, "max-age=3600").res("ETag", "\"abc\""),
            get().req(CC, "no-cache").expect(ETAG_VALIDATED)),
        check(
            "ccreq-no-store",
            "§5.2.1.5: request no-store",
            get().res(CC, "max-age=3600"),
            get().req(CC, "no-store").expect(NOT_CACHED)),
        check(
            "ccreq-oic",
            "§5.2.1.7: only-if-cached with nothing stored gives 504",
            get().req(CC, "only-if-cached").expectStatus(504)),
        check(
            "pragma-request-no-cache",
            "§5.4: request Pragma: no-cache",
            get().res(CC, "max-age=3600"),
            get().req("Pragma", "no-cache").expect(CACHED)),
        check(
            "pragma-request-extension",
            "§5.4: an unknown request Pragma",
            get().res(CC, "max-age=3600"),
            get().req("Pragma", "unrecognised-extension").expect(CACHED)));
  }
}
