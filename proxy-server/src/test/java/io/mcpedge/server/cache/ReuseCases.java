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
import static io.mcpedge.server.cache.Conformance.Step.method;
import static io.mcpedge.server.cache.Conformance.at;
import static io.mcpedge.server.cache.Conformance.atRfc850;
import static io.mcpedge.server.cache.Conformance.fromStart;

import io.mcpedge.server.cache.Conformance.Case;
import io.mcpedge.server.cache.Conformance.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * Conformance cases on reusing and updating stored answers: {@code Vary}, conditional requests,
 * stored header fields, updates from a 304, invalidation, partial content, {@code Age} and {@code
 * Date}, {@code Authorization}, RFC 5861 and HEAD (RFC 9111 §3, §4.1, §4.3, §4.4; RFC 9110 §13,
 * §14). Ids are those of the public HTTP caching test suite.
 */
final class ReuseCases {

  private ReuseCases() {}

  private static final String CC = "Cache-Control";

  static List<Case> all() {
    List<Case> all = new ArrayList<>();
    all.addAll(vary());
    all.addAll(conditional());
    all.addAll(storedHeaders());
    all.addAll(update304());
    all.addAll(invalidation());
    all.addAll(partial());
    all.addAll(other());
    return all;
  }

  /** A first answer varying on {@code varyLines}, to a request with {@code sent} headers. */
  private static Step varied(String[] sent, String... varyLines) {
    Step s = get().res("Expires", at(5000)).res("Last-Modified", at(-3000)).res("Date", at(0));
    for (String v : varyLines) {
      s.res("Vary", v);
    }
    for (int i = 0; i < sent.length; i += 2) {
      s.req(sent[i], sent[i + 1]);
    }
    return s;
  }

  private static Step request(String... headers) {
    Step s = get();
    for (int i = 0; i < headers.length; i += 2) {
      s.req(headers[i], headers[i + 1]);
    }
    return s;
  }

  private static String[] h(String... pairs) {
    return pairs;
  }

  private static List<Case> vary() {
    List<Case> cases =
        new ArrayList<>(
            List.of(
                optional(
                    "vary-match",
                    "§4.1: a matching request reuses a Vary response",
                    varied(h("Foo", "1"), "Foo"),
                    request("Foo", "1").expect(CACHED)),
                optional(
                    "vary-no-match",
                    "§4.1: a request with another value is not served",
                    varied(h("Foo", "1"), "Foo"),
                    request("Foo", "2").expect(NOT_CACHED)),
                required(
                    "vary-omit",
                    "§4.1: a request without the varying field is not served",
                    varied(h("Foo", "1"), "Foo"),
                    get().expect(NOT_CACHED)),
                optional(
                    "vary-invalidate",
                    "§4.1: a second variant does not evict the first",
                    varied(h("Foo", "1"), "Foo").body("foo_1"),
                    varied(h("Foo", "2"), "Foo").body("foo_2").expect(NOT_CACHED),
                    request("Foo", "1").expect(CACHED).expectBody("foo_1")),
                optional(
                    "vary-cache-key",
                    "§4.1: fields not listed in Vary are not part of the key",
                    varied(h("Foo", "1", "Other", "2"), "Foo"),
                    request("Foo", "1", "Other", "3").expect(CACHED)),
                optional(
                    "vary-2-match",
                    "§4.1: two-way Vary, matching",
                    varied(h("Foo", "1", "Bar", "abc"), "Foo, Bar"),
                    request("Foo", "1", "Bar", "abc").expect(CACHED)),
                required(
                    "vary-2-no-match",
                    "§4.1: two-way Vary, one field differs",
                    varied(h("Foo", "1", "Bar", "abc"), "Foo, Bar"),
                    request("Foo", "2", "Bar", "abc").expect(NOT_CACHED)),
                required(
                    "vary-2-match-omit",
                    "§4.1: two-way Vary, the request omits a field the first one had",
                    varied(h("Foo", "1"), "Foo, Bar"),
                    get().expect(NOT_CACHED)),
                optional(
                    "vary-3-match",
                    "§4.1: three-way Vary, matching",
                    varied(h("Foo", "1", "Bar", "abc", "Baz", "789"), "Foo, Bar, Baz"),
                    request("Foo", "1", "Bar", "abc", "Baz", "789").expect(CACHED)),
                required(
                    "vary-3-no-match",
                    "§4.1: three-way Vary, one field differs",
                    varied(h("Foo", "1", "Bar", "abc", "Baz", "789"), "Foo, Bar, Baz"),
                    request("Foo", "2", "Bar", "abc", "Baz", "789").expect(NOT_CACHED)),
                required(
                    "vary-3-order",
                    "§4.1: three-way Vary, the middle field differs",
                    varied(h("Foo", "1", "Bar", "abc4", "Baz", "789"), "Foo, Bar, Baz"),
                    request("Foo", "1", "Bar", "abc", "Baz", "789").expect(NOT_CACHED)),
                optional(
                    "vary-3-omit",
                    "§4.1: three-way Vary, both requests omit the same field",
                    varied(h("Foo", "1", "Baz", "789"), "Foo, Bar, Baz"),
                    request("Foo", "1", "Baz", "789").expect(CACHED)),
                required(
                    "vary-star",
                    "§4.1: Vary: * never matches",
                    varied(h("Foo", "1", "Baz", "789"), "*"),
                    request("*", "1", "Baz", "789").expect(NOT_CACHED)),
                optional(
                    "vary-normalise-space",
                    "§4.1: whitespace in a varying field is normalised",
                    varied(h("Foo", "1,2"), "Foo"),
                    request("Foo", " 1, 2 ").expect(CACHED)),
                optional(
                    "vary-normalise-combine",
                    "§4.1: field lines of a varying field are combined",
                    varied(h("Foo", "1, 2"), "Foo"),
                    request("Foo", "1", "Foo", "2").expect(CACHED)),
                optional(
                    "vary-normalise-lang-order",
                    "§4.1: language lists in another order (semantic normalisation)",
                    varied(h("Accept-Language", "en, de"), "Accept-Language"),
                    request("Accept-Language", "de, en").expect(CACHED))));
    String[][] syntax = {
      {"vary-syntax-star", "*"},
      {"vary-syntax-star-star", "*, *"},
      {"vary-syntax-star-star-lines", "*", "*"},
      {"vary-syntax-empty-star", ", *"},
      {"vary-syntax-empty-star-lines", "", "*"},
      {"vary-syntax-star-foo", "*, Foo"},
      {"vary-syntax-foo-star", "Foo, *"}
    };
    for (String[] s : syntax) {
      String[] lines = java.util.Arrays.copyOfRange(s, 1, s.length);
      Step first = varied(h("Foo", "1", "Baz", "789"), lines).res(CC, "max-age=5000");
      cases.add(
          required(
              s[0],
              "§4.1: Vary \"" + String.join("\" / \"", lines) + "\" contains * and never matches",
              first,
              request("Foo", "1", "Baz", "789").expect(NOT_CACHED)));
    }
    return cases;
  }

  private static Step freshEtag(String etag) {
    return get().res("Expires", at(100000)).res("ETag", etag).res("Date", at(0));
  }

  private static Case respondsTo(Conformance.Kind kind, String id, String etag, String inm) {
    return new Case(
        id,
        "RFC 9110 §13.1.2: If-None-Match "
            + inm
            + " on a fresh entry with ETag "
            + etag
            + " -> 304",
        kind,
        "/c",
        List.of(freshEtag(etag), get().req("If-None-Match", inm).expect(CACHED).expectStatus(304)));
  }

  private static List<Case> conditional() {
    var o = Conformance.Kind.OPTIONAL;
    var k = Conformance.Kind.CHECK;
    Step lmFresh =
        get().res(CC, "max-age=100000").res("Last-Modified", at(-3000)).res("Date", at(0)).pause();
    return List.of(
        optional(
            "conditional-lm-fresh",
            "RFC 9110 §13.1.3: If-Modified-Since equal to Last-Modified -> 304",
            lmFresh,
            get().req("If-Modified-Since", at(-3003)).expect(CACHED).expectStatus(304)),
        optional(
            "conditional-lm-fresh-earlier",
            "RFC 9110 §13.1.3: If-Modified-Since after Last-Modified -> 304",
            get()
                .res(CC, "max-age=100000")
                .res("Last-Modified", at(-3000))
                .res("Date", at(0))
                .pause(),
            get().req("If-Modified-Since", at(-2003)).expect(CACHED).expectStatus(304)),
        optional(
            "conditional-lm-stale",
            "RFC 9110 §13.1.3: If-Modified-Since on a stale entry -> revalidated, 304",
            get().res(CC, "max-age=2").res("Last-Modified", at(-3000)).res("Date", at(0)).pause(),
            get().req("If-Modified-Since", at(-3003)).expect(LM_VALIDATED).expectStatus(304)),
        optional(
            "conditional-lm-fresh-no-lm",
            "RFC 9110 §13.1.3: If-Modified-Since before the Date of an entry without Last-Modified",
            get().res(CC, "max-age=10000").res("Date", at(0)).pause(),
            get().req("If-Modified-Since", at(-3003)).expect(CACHED).expectStatus(304)),
        optional(
            "conditional-lm-fresh-rfc850",
            "RFC 9110 §5.6.7: If-Modified-Since in RFC 850 format -> 304",
            get()
                .res(CC, "max-age=10000")
                .res("Last-Modified", at(-3000))
                .res("Date", at(0))
                .pause(),
            get().req("If-Modified-Since", atRfc850(-3003)).expect(CACHED).expectStatus(304)),
        respondsTo(o, "conditional-etag-strong-respond", "\"abcdef\"", "\"abcdef\""),
        required(
            "conditional-304-etag",
            "RFC 9110 §15.4.5: a 304 from the cache carries the ETag",
            freshEtag("\"abcdef\""),
            get()
                .req("If-None-Match", "\"abcdef\"")
                .expect(CACHED)
                .expectStatus(304)
                .expectHeader("ETag", "\"abcdef\"")),
        respondsTo(
            o, "conditional-etag-strong-respond-obs-text", "\"abcdef\u00fc\"", "\"abcdef\u00fc\""),
        respondsTo(k, "conditional-etag-quoted-respond-unquoted", "\"abcdef\"", "abcdef"),
        respondsTo(k, "conditional-etag-unquoted-respond-unquoted", "abcdef", "abcdef"),
        respondsTo(k, "conditional-etag-unquoted-respond-quoted", "abcdef", "\"abcdef\""),
        respondsTo(o, "conditional-etag-weak-respond", "W/\"abcdef\"", "W/\"abcdef\""),
        respondsTo(k, "conditional-etag-weak-respond-lowercase", "w/\"abcdef\"", "w/\"abcdef\""),
        respondsTo(k, "conditional-etag-weak-respond-backslash", "W\\\"abcdef\"", "W\\\"abcdef\""),
        respondsTo(k, "conditional-etag-weak-respond-omit-slash", "W\"abcdef\"", "W\"abcdef\""),
        respondsTo(
            o,
            "conditional-etag-strong-respond-multiple-first",
            "\"abcdef\"",
            "\"abcdef\", \"1234\", \"5678\""),
        respondsTo(
            o,
            "conditional-etag-strong-respond-multiple-second",
            "\"abcdef\"",
            "\"1234\", \"abcdef\", \"5678\""),
        respondsTo(
            o,
            "conditional-etag-strong-respond-multiple-last",
            "\"abcdef\"",
            "\"1234\", \"5678\", \"abcdef\""),
        optional(
            "conditional-etag-strong-generate",
            "RFC 9111 §4.3.1: a stale entry is revalidated with its strong ETag",
            get().res("Expires", at(1)).res("ETag", "\"abcdef\"").res("Date", at(0)).pause(),
            get().expect(ETAG_VALIDATED).expectRequestHeader("If-None-Match", "\"abcdef\"")),
        optional(
            "conditional-etag-weak-generate-weak",
            "RFC 9111 §4.3.1: a stale entry is revalidated with its weak ETag",
            get().res("Expires", at(1)).res("ETag", "W/\"abcdef\"").res("Date", at(0)).pause(),
            get().expect(ETAG_VALIDATED).expectRequestHeader("If-None-Match", "W/\"abcdef\"")),
        check(
            "conditional-etag-strong-generate-unquoted",
            "an unquoted ETag is sent back quoted",
            get().res("Expires", at(1)).res("ETag", "abcdef").res("Date", at(0)).pause(),
            get().expect(ETAG_VALIDATED).expectRequestHeader("If-None-Match", "\"abcdef\"")));
  }

  private static List<Case> storedHeaders() {
    List<Case> cases = new ArrayList<>();
    String[][] fields = {
      {"Test-Header", null},
      {"X-Test-Header", null},
      {"Content-Type", "text/plain"},
      {"X-Frame-Options", "deny"},
      {"X-XSS-Protection", "1"},
      {"Clear-Site-Data", "cookies"},
      {"Connection", null},
      {"Proxy-Authenticate", null},
      {"Proxy-Connection", null},
      {"Public-Key-Pins", null},
      {"Set-Cookie", "a=b"},
      {"Set-Cookie2", "a=b"},
      {"Strict-Transport-Security", null},
      {"Strict-Transport-Security2", null},
      {"WWW-Authenticate", null}
    };
    for (String[] f : fields) {
      String value = f[1] == null ? f[0] + "-store-value" : f[1];
      cases.add(
          check(
              "headers-store-" + f[0],
              "is " + f[0] + " stored and served on a hit",
              get().res(f[0], value).res(CC, "max-age=3600").res("Date", at(0)).pause(),
              get().expect(CACHED).expectHeader(f[0], value)));
    }
    cases.add(
        required(
            "headers-omit-headers-listed-in-Connection",
            "RFC 9111 §3.1: fields named by Connection are not stored",
            get()
                .res("Connection", "a, b")
                .res("a", "1")
                .res("b", "2")
                .res("c", "3")
                .res(CC, "max-age=3600")
                .res("Date", at(0))
                .pause(),
            get().expect(CACHED).expectHeader("c", "3").expectMissing("Connection", "a", "b")));
    return cases;
  }

  /** RFC 9111 §4.3.4: the fields of a 304 replace the stored ones, for the client and the store. */
  private static List<Case> update304() {
    List<Case> cases = new ArrayList<>();
    String lm = fromStart(-24 * 3600);
    cases.add(
        required(
            "304-lm-use-stored-Test-Header",
            "§4.3.4: a field the 304 omits is kept from the stored answer",
            get()
                .res(CC, "max-age=1")
                .res("Last-Modified", lm)
                .res("Date", at(0))
                .res("Test-Header", "A")
                .pause(),
            get()
                .res(CC, "max-age=3600")
                .res("Last-Modified", lm)
                .res("Date", at(0))
                .expect(LM_VALIDATED)
                .expectHeader("Test-Header", "A")));
    String[][] fields = {
      {"Test-Header"},
      {"X-Test-Header"},
      {"Content-Foo"},
      {"X-Content-Foo"},
      {"Content-Type", "text/plain", "text/plain;charset=utf-8"},
      {"Content-MD5", "rL0Y20zC+Fzt72VPzMSk2A==", "N7UdGUp1E+RbVvZSTy1R8g=="},
      {"Content-Location", "/foo", "/bar"},
      {"Content-Security-Policy", "default-src 'self'", "default-src 'self' cdn.example.com"},
      {"X-Frame-Options", "deny", "sameorigin"},
      {"X-XSS-Protection", "1", "1; mode=block"},
      {"Cache-Control", "max-age=1", "max-age=3600"},
      {"Expires", fromStart(1), fromStart(3600)},
      {"Clear-Site-Data", "cache", "cookies"},
      {"Public-Key-Pins"},
      {"Set-Cookie", "a=b", "a=c"},
      {"Set-Cookie2", "a=b", "a=c"}
    };
    for (String[] f : fields) {
      String name = f[0];
      String a = f.length > 1 ? f[1] : name + "-value-A";
      String b = f.length > 1 ? f[2] : name + "-value-B";
      String[][] validators = {
        {"lm", "Last-Modified", lm}, {"etag", "ETag", "\"" + name + "-etag-1\""}
      };
      for (String[] v : validators) {
        var validated = "lm".equals(v[0]) ? LM_VALIDATED : ETAG_VALIDATED;
        cases.add(
            required(
                "304-" + v[0] + "-update-response-" + name,
                "§4.3.4: " + name + " from a " + v[1] + " 304 reaches the client",
                answer(name, a, v[1], v[2], 1).pause(),
                answer(name, b, v[1], v[2], 3600).expect(validated).expectHeader(name, b)));
        cases.add(
            required(
                "304-" + v[0] + "-update-stored-" + name,
                "§4.3.4: " + name + " from a " + v[1] + " 304 replaces the stored one",
                answer(name, a, v[1], v[2], 1).pause(),
                answer(name, b, v[1], v[2], 3600).expect(validated).pause(),
                get().expect(CACHED).expectHeader(name, b)));
      }
    }
    return cases;
  }

  private static Step answer(String name, String value, String validator, String vv, int life) {
    Step s = get();
    if ("Cache-Control".equals(name)) {
      s.res("a", "b");
    } else {
      s.res(CC, "max-age=" + life);
    }
    return s.res("Date", at(0)).res(validator, vv).res(name, value);
  }

  /**
   * RFC 9111 §4.4: a non-error answer to an unsafe method invalidates the URI and its locations.
   */
  private static List<Case> invalidation() {
    List<Case> cases = new ArrayList<>();
    for (String m : List.of("POST", "PUT", "DELETE", "M-SEARCH")) {
      cases.add(
          required(
              "invalidate-" + m,
              "§4.4: a successful " + m + " invalidates its URI",
              fresh(),
              method(m),
              get().expect(NOT_CACHED)));
      cases.add(
          optional(
              "invalidate-" + m + "-failed",
              "§4.4: a failed " + m + " leaves its URI stored",
              fresh(),
              method(m).status(500),
              get().expect(CACHED)));
      String base = "/c/invalidate-" + m;
      cases.add(
          required(
              "invalidate-" + m + "-location",
              "§4.4: a successful " + m + " invalidates the URI in Location",
              fresh().path("/location"),
              method(m)
                  .res("Location", base + "-location/location")
                  .res("Content-Location", base + "-location/content_location"),
              get().path("/location").expect(NOT_CACHED)));
      cases.add(
          required(
              "invalidate-" + m + "-cl",
              "§4.4: a successful " + m + " invalidates the URI in Content-Location",
              get()
                  .path("/content_location")
                  .res(CC, "max-age=100000")
                  .res("Last-Modified", at(0))
                  .res("Date", at(0)),
              method(m)
                  .res("Location", base + "-cl/location")
                  .res("Content-Location", base + "-cl/content_location"),
              get().path("/content_location").expect(NOT_CACHED)));
    }
    return cases;
  }

  /** RFC 9111 §3.3, §3.4 and RFC 9110 §14: the public suite lists all of these as optional. */
  private static List<Case> partial() {
    Step partialFirst =
        get()
            .req("Range", "bytes=-5")
            .status(206)
            .res(CC, "max-age=3600")
            .res("Content-Range", "bytes 4-9/10")
            .body("01234");
    return List.of(
        optional(
            "partial-store-partial-reuse-partial",
            "a stored 206 serves the same range",
            get()
                .req("Range", "bytes=-5")
                .status(206)
                .res(CC, "max-age=3600")
                .res("Content-Range", "bytes 4-9/10")
                .body("01234")
                .expectRequestHeader("Range", "bytes=-5"),
            get().req("Range", "bytes=-5").expect(CACHED).expectStatus(206).expectBody("01234")),
        optional(
            "partial-store-complete-reuse-partial",
            "a stored 200 serves a byte range",
            get().res(CC, "max-age=3600").body("01234567890"),
            get().req("Range", "bytes=0-1").expect(CACHED).expectStatus(206).expectBody("01")),
        optional(
            "partial-store-complete-reuse-partial-no-last",
            "a stored 200 serves an open byte range",
            get().res(CC, "max-age=3600").body("01234567890"),
            get()
                .req("Range", "bytes=1-")
                .expect(CACHED)
                .expectStatus(206)
                .expectBody("1234567890")),
        optional(
            "partial-store-complete-reuse-partial-suffix",
            "a stored 200 serves a suffix range",
            get().res(CC, "max-age=3600").body("0123456789A"),
            get().req("Range", "bytes=-1").expect(CACHED).expectStatus(206).expectBody("A")),
        optional(
            "partial-store-partial-reuse-partial-byterange",
            "a stored 206 serves a smaller range",
            partialFirst,
            get().req("Range", "bytes=6-8").expect(CACHED).expectStatus(206).expectBody("234")),
        optional(
            "partial-store-partial-complete",
            "a stored 206 is completed with a range request",
            get()
                .req("Range", "bytes=-5")
                .status(206)
                .res(CC, "max-age=3600")
                .res("Content-Range", "bytes 0-4/10")
                .body("01234"),
            get().expectRequestHeader("Range", "bytes=5-")));
  }

  private static List<Case> other() {
    Step expires30d = get().res("Expires", at(30 * 24 * 3600)).res("Date", at(0));
    return List.of(
        required(
            "other-age-gen",
            "§5.1: a hit carries Age",
            get().res("Expires", at(30 * 24 * 3600)).res("Date", at(0)).pause(),
            get().expect(CACHED).expectAgeAbove(2)),
        required(
            "other-age-update-expires",
            "§4.2.3: the origin's Age is added to the time in the store (Expires)",
            get().res("Expires", at(30 * 24 * 3600)).res("Date", at(0)).res("Age", "30").pause(),
            get().expect(CACHED).expectAgeAbove(32)),
        required(
            "other-age-update-max-age",
            "§4.2.3: the origin's Age is added to the time in the store (max-age)",
            get().res(CC, "max-age=600").res("Date", at(0)).res("Age", "30").pause(),
            get().expect(CACHED).expectAgeAbove(32)),
        required(
            "other-date-update",
            "RFC 9110 §6.6.1: a hit keeps the origin's Date",
            expires30d.pause(),
            get().expect(CACHED).expectHeader("Date", fromStart(0))),
        required(
            "query-args-different",
            "§2: different query strings are different keys",
            fresh().query("test=query-args-different-1"),
            get().query("test=query-args-different-2").expect(NOT_CACHED)),
        optional(
            "query-args-same",
            "§2: the same query string hits",
            fresh().query("test=query-args-same"),
            get().query("test=query-args-same").expect(CACHED)),
        check(
                "other-heuristic-content-disposition-attachment",
                "Content-Disposition: attachment, heuristically fresh",
                get()
                    .res("Last-Modified", at(-100000))
                    .res("Date", at(0))
                    .res("Content-Disposition", "attachment; filename=example.txt"),
                get().expect(CACHED))
            .on("/h"),
        check(
            "other-fresh-content-disposition-attachment",
            "Content-Disposition: attachment, fresh",
            get()
                .res(CC, "max-age=3600")
                .res("Content-Disposition", "attachment; filename=example.txt"),
            get().expect(CACHED)),
        optional(
            "other-set-cookie",
            "§7.3: a fresh answer with Set-Cookie may be reused",
            get().res(CC, "max-age=3600").res("Set-Cookie", "a=b"),
            get().expect(CACHED)),
        optional(
            "other-cookie",
            "a request with Cookie reuses a fresh answer",
            get().res(CC, "max-age=3600"),
            get().req("Cookie", "a=b").expect(CACHED)),
        required(
            "other-authorization",
            "§3.5: an answer to a request with Authorization is not shared",
            expires30d()
                .req("Authorization", "FOO")
                .expectRequestHeader("Authorization", "FOO")
                .pause(),
            get().expect(NOT_CACHED)),
        optional(
            "other-authorization-public",
            "§3.5: ... unless it has public",
            get()
                .req("Authorization", "FOO")
                .res(CC, "max-age=3600, public")
                .res("Date", at(0))
                .pause(),
            get().expect(CACHED)),
        optional(
            "other-authorization-must-revalidate",
            "§3.5: ... or must-revalidate",
            get()
                .req("Authorization", "FOO")
                .res(CC, "max-age=3600, must-revalidate")
                .res("Date", at(0))
                .pause(),
            get().expect(CACHED)),
        optional(
            "other-authorization-smaxage",
            "§3.5: ... or s-maxage",
            get().req("Authorization", "FOO").res(CC, "s-maxage=3600").res("Date", at(0)).pause(),
            get().expect(CACHED)),
        optional(
            "stale-while-revalidate",
            "RFC 5861 §3: a stale answer is served while it is refreshed in the background",
            get().res(CC, "max-age=0, stale-while-revalidate=3600").res("ETag", "\"abc\""),
            get()
                .res(CC, "max-age=3600")
                .res("ETag", "\"def\"")
                .body("refreshed")
                .expectHeader(CC, "max-age=0, stale-while-revalidate=3600")
                .expectHeader("ETag", "\"abc\"")
                .settle()
                .pause(),
            get()
                .expect(CACHED)
                .expectBody("refreshed")
                .expectHeader(CC, "max-age=3600")
                .expectHeader("ETag", "\"def\"")),
        check(
            "stale-if-error-cc-response",
            "RFC 5861 §4: stale-if-error in the response covers a 500",
            get().res(CC, "max-age=0, stale-if-error=3600"),
            get().status(500).expectStatus(200)),
        required(
            "stale-if-error-cc-response-expired",
            "RFC 5861 §4: an elapsed stale-if-error lets the 500 through",
            get().res(CC, "max-age=0, stale-if-error=1").pause(),
            get().status(500).expectStatus(500)),
        check(
            "stale-if-error-cc-request",
            "RFC 5861 §4: stale-if-error in the request covers a 500",
            get().res(CC, "max-age=0"),
            get().req(CC, "stale-if-error=3600").status(500).expectStatus(200)),
        required(
            "stale-if-error-cc-request-expired",
            "RFC 5861 §4: an elapsed request stale-if-error lets the 500 through",
            get().res(CC, "max-age=0").pause(),
            get().req(CC, "stale-if-error=1").status(500).expectStatus(500)),
        check(
            "head-writethrough",
            "§4.3.5: a HEAD on a stale entry goes to the origin as HEAD",
            becomeStale(),
            method("HEAD").expectOriginMethod("HEAD")),
        check(
            "head-200-retain",
            "§4.3.5: fields a HEAD answer omits are kept",
            becomeStale(),
            method("HEAD").expectOriginMethod("HEAD").expectHeader("Template-A", "1")),
        check(
            "head-200-freshness-update",
            "§4.3.5: a HEAD answer freshens the stored GET",
            becomeStale(),
            method("HEAD").res(CC, "max-age=1000").expectOriginMethod("HEAD"),
            get().expect(CACHED)),
        check(
            "head-200-update",
            "§4.3.5: a HEAD answer updates the stored fields",
            becomeStale(),
            method("HEAD")
                .res("Template-A", "2")
                .res(CC, "max-age=1000")
                .expectOriginMethod("HEAD"),
            get().expect(CACHED).expectHeader("Template-A", "2")),
        check(
            "head-410-update",
            "§4.3.5: a 410 to a HEAD updates the stored fields",
            becomeStale(),
            method("HEAD")
                .status(410)
                .res("Template-A", "2")
                .res(CC, "max-age=1000")
                .expectOriginMethod("HEAD"),
            get().expect(CACHED).expectHeader("Template-A", "2")),
        optional(
            "method-POST",
            "§4: a POST answer with Content-Location of itself serves later GETs",
            method("POST")
                .res("Expires", at(30 * 24 * 3600))
                .res("Content-Location", "/c/method-POST")
                .res("Date", at(0))
                .pause(),
            get().expect(CACHED)));
  }

  private static Step expires30d() {
    return get().res("Expires", at(30 * 24 * 3600)).res("Date", at(0));
  }

  /** The public suite's "becomeStale" template: stale after the pause. */
  private static Step becomeStale() {
    return get().res(CC, "max-age=2").res("Template-A", "1").pause();
  }
}
